using EnforcementFlows.Durable;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// One open case per account: collects the account's signals for a window, assesses them
/// (score + policy), then dismisses, acts automatically, or waits for a human decision, and closes.
/// Signals that arrive after the case stopped collecting start the next case (continue-as-new).
/// </summary>
public sealed class CaseWorkflow : TaskOrchestrator<CaseWorkflow.Input, CaseWorkflow.Result>
{
    public const string Name = "CaseWorkflow";
    /// <summary>
    /// 1.1: an automatic or approved action closes the case in the apply activity's transaction (1.0 closed
    /// it with an activity of its own). 1.2: the activity that assesses also concludes the case when no
    /// human is needed (dismisses, or applies the automatic action and closes); with no collect window that
    /// is the activity that opens the case; and the last look for signals that arrived meanwhile takes no
    /// timer. Instances keep the version they started with, so an older instance replays its recorded
    /// history unchanged.
    /// </summary>
    public const string Version = "1.2";
    internal const string Dismiss = "dismiss";
    public const string SignalEvent = "signal";
    public const string ApprovalEvent = "approval";

    public sealed record Input(string AccountId, SignalRef? Seed);

    public sealed record Result(string CaseId, string Status, string? Action);

    public static string InstanceIdFor(string accountId) => "case:" + accountId;

    private static readonly TaskOptions Retry = TaskOptions.WithRetry(new RetryPolicy(10, TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(5)));

    public override async Task<Result> RunAsync(TaskOrchestrationContext ctx, Input input)
    {
        var caseId = "case_" + ctx.NewGuid().ToString("N")[..20];
        var signals = new List<SignalRef> { input.Seed ?? await ctx.WaitForExternalEvent<SignalRef>(SignalEvent) };
        var concludesInActivity = ctx.Version is not ("1.0" or "1.1");
        // Settings come back from an activity, so they are recorded in history and a replay after a
        // configuration change still sees the values this case started with.
        var settings = await ctx.CallActivityAsync<CaseActivities.CaseSettings>(CaseActivities.Open,
            new CaseActivities.OpenInput(caseId, input.AccountId, ctx.InstanceId, concludesInActivity ? signals[0] : null), Retry);
        ctx.SetCustomStatus(new { caseId, stage = "collecting" });

        var collectUntil = ctx.CurrentUtcDateTime + settings.CollectWindow;
        while (ctx.CurrentUtcDateTime < collectUntil)
        {
            try
            {
                signals.Add(await ctx.WaitForExternalEvent<SignalRef>(SignalEvent, collectUntil - ctx.CurrentUtcDateTime));
            }
            catch (TimeoutException)
            {
                break;
            }
        }

        Result result;
        if (concludesInActivity)
        {
            var conclusion = settings.Concluded ?? await ctx.CallActivityAsync<CaseActivities.Conclusion>(CaseActivities.AssessAndConclude,
                new CaseActivities.AssessInput(caseId, input.AccountId, signals), Retry);
            ctx.SetCustomStatus(new { caseId, stage = "assessed", conclusion.Assessment.Outcome, conclusion.Assessment.Score });
            result = conclusion.ClosedAs is { } closedAs
                ? new Result(caseId, closedAs, conclusion.Action is null ? null : conclusion.Assessment.Outcome)
                : await Conclude(ctx, caseId, input.AccountId, conclusion.Assessment);
            // Signals buffered while this case was being decided belong to the next case. One still on its
            // way restarts the finished instance (signal-with-start), so no timer is needed to wait for it.
            if (ctx.TryTakeReceivedEvent<SignalRef>(SignalEvent, out var buffered))
            {
                ctx.ContinueAsNew(new Input(input.AccountId, buffered));
            }
            return result;
        }

        var assessment = await ctx.CallActivityAsync<Assessment>(CaseActivities.Assess, new CaseActivities.AssessInput(caseId, input.AccountId, signals), Retry);
        ctx.SetCustomStatus(new { caseId, stage = "assessed", assessment.Outcome, assessment.Score });
        result = await Conclude(ctx, caseId, input.AccountId, assessment);

        // 1.0 and 1.1: signals buffered while this case was being decided belong to the next case.
        try
        {
            var next = await ctx.WaitForExternalEvent<SignalRef>(SignalEvent, TimeSpan.Zero);
            ctx.ContinueAsNew(new Input(input.AccountId, next));
        }
        catch (TimeoutException)
        {
        }
        return result;
    }

    private static async Task<Result> Conclude(TaskOrchestrationContext ctx, string caseId, string accountId, Assessment assessment)
    {
        if (assessment.Outcome == Dismiss)
        {
            await Close(ctx, caseId, "dismissed", assessment.Rule);
            return new Result(caseId, "dismissed", null);
        }

        CaseActivities.Applied? interim = null;
        if (assessment.RequiresApproval)
        {
            if (assessment.RestrictImmediately)
            {
                // Child safety: restrict at once, while humans decide the actual outcome.
                interim = await ctx.CallActivityAsync<CaseActivities.Applied>(CaseActivities.Apply, new CaseActivities.ApplyInput(
                    caseId, accountId, "restrict", null, "interim restriction pending review: " + assessment.Rule, assessment.PolicyHash, Interim: true), Retry);
            }
            var (approved, decidedBy, comment, dismissed) = await AwaitApproval(ctx, caseId, accountId, assessment);
            if (approved is null)
            {
                await ctx.CallActivityAsync(CaseActivities.RecordApprovalExpired, new CaseActivities.CaseRef(caseId, accountId), Retry);
                if (assessment.TimeoutOutcome == "dismiss")
                {
                    await LiftInterim(ctx, interim, "approval deadline passed; timeout outcome: dismiss");
                    await Close(ctx, caseId, "expired", "approval deadline passed; timeout outcome: dismiss");
                    return new Result(caseId, "expired", null);
                }
                assessment = assessment with { Outcome = assessment.TimeoutOutcome, DurationSeconds = assessment.TimeoutDurationSeconds };
            }
            else if (approved == false)
            {
                // A reviewer's dismissal (no violation) closes as "dismissed"; an approver's rejection as "rejected".
                var status = dismissed ? "dismissed" : "rejected";
                await LiftInterim(ctx, interim, $"{status} by {decidedBy}");
                await Close(ctx, caseId, status, comment ?? $"{status} by {decidedBy}");
                return new Result(caseId, status, null);
            }
        }

        // With an interim restriction to lift in between, the case closes on its own (as in 1.0).
        var closeWithApply = interim is null && ctx.Version != "1.0";
        var apply = new CaseActivities.ApplyInput(caseId, accountId, assessment.Outcome, assessment.DurationSeconds, assessment.Rule, assessment.PolicyHash,
            CloseCase: closeWithApply);
        var applied = await ctx.CallActivityAsync<CaseActivities.Applied>(CaseActivities.Apply, apply, Retry);
        if (!closeWithApply)
        {
            await LiftInterim(ctx, interim, $"replaced by the decided action {applied.ActionId}");
            await Close(ctx, caseId, "enforced", EnforcedReason(assessment.Outcome, applied.ActionId));
        }
        return new Result(caseId, "enforced", assessment.Outcome);
    }

    /// <summary>
    /// Emails the primary approvers, then waits for decisions with a reminder, an escalation to the
    /// secondary roster, and a final deadline. One rejection ends it; approval needs the required
    /// number of distinct approvers. Null: the deadline passed.
    /// </summary>
    private static async Task<(bool? Approved, string? By, string? Comment, bool Dismissed)> AwaitApproval(TaskOrchestrationContext ctx, string caseId, string accountId, Assessment a)
    {
        var start = ctx.CurrentUtcDateTime;
        var timeoutAt = start + a.ApprovalTimeout;
        var reminderAt = a.ReminderAfter is { } r ? start + r : DateTime.MaxValue;
        var escalateAt = a.EscalateAfter is { } e ? start + e : DateTime.MaxValue;
        var expires = new DateTimeOffset(timeoutAt, TimeSpan.Zero);
        var primary = a.PrimaryApprovers ?? [];
        await ctx.CallActivityAsync(CaseActivities.RequestApproval, new ApprovalStageInput(caseId, accountId, "primary", primary, expires, Approvals.ApprovalEmailKind.Request), Retry);
        bool reminded = false, escalated = false;
        if (a.EscalateImmediately)
        {
            escalated = true;
            await ctx.CallActivityAsync(CaseActivities.RequestApproval,
                new ApprovalStageInput(caseId, accountId, "secondary", a.SecondaryApprovers ?? [], expires, Approvals.ApprovalEmailKind.Escalation), Retry);
        }
        ctx.SetCustomStatus(new { caseId, stage = "awaiting_approval", a.Outcome, a.Score });

        var approvers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            var next = timeoutAt;
            if (!reminded && reminderAt < next) next = reminderAt;
            if (!escalated && escalateAt < next) next = escalateAt;
            ApprovalDecision decision;
            try
            {
                var wait = next - ctx.CurrentUtcDateTime;
                decision = await ctx.WaitForExternalEvent<ApprovalDecision>(ApprovalEvent, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            }
            catch (TimeoutException)
            {
                var now = ctx.CurrentUtcDateTime;
                if (now >= timeoutAt)
                {
                    return (null, null, null, false);
                }
                if (!reminded && now >= reminderAt)
                {
                    reminded = true;
                    await ctx.CallActivityAsync(CaseActivities.RequestApproval,
                        new ApprovalStageInput(caseId, accountId, "primary-reminder", primary, expires, Approvals.ApprovalEmailKind.Reminder, SupersedesStage: "primary"), Retry);
                }
                if (!escalated && now >= escalateAt)
                {
                    escalated = true;
                    await ctx.CallActivityAsync(CaseActivities.RequestApproval,
                        new ApprovalStageInput(caseId, accountId, "secondary", a.SecondaryApprovers ?? [], expires, Approvals.ApprovalEmailKind.Escalation), Retry);
                }
                continue;
            }
            if (decision.CaseId is not null && decision.CaseId != caseId)
            {
                continue; // a late decision about an earlier case of this account
            }
            if (!decision.Approved)
            {
                return (false, decision.DecidedBy, decision.Comment, decision.Dismiss);
            }
            approvers.Add(decision.DecidedBy);
            if (approvers.Count >= a.RequiredApprovers)
            {
                return (true, decision.DecidedBy, decision.Comment, false);
            }
        }
    }

    private static async Task LiftInterim(TaskOrchestrationContext ctx, CaseActivities.Applied? interim, string reason)
    {
        if (interim is not null)
        {
            await ctx.CallActivityAsync<bool>(CaseActivities.Lift, new CaseActivities.LiftInput(interim.ActionId, ctx.CurrentUtcDateTime, reason), Retry);
        }
    }

    internal static string EnforcedReason(string outcome, string actionId) => $"{outcome} applied ({actionId})";

    private static Task Close(TaskOrchestrationContext ctx, string caseId, string status, string reason)
        => ctx.CallActivityAsync(CaseActivities.Close, new CaseActivities.CloseInput(caseId, status, reason), Retry);
}

/// <summary>
/// A human decision on a case, raised as the "approval" event. <paramref name="Dismiss"/> (with
/// Approved = false): the reviewer found no violation, and the case closes as "dismissed". <paramref name="DecisionId"/>:
/// the id of the decision's record (the approval request, or the dashboard decision), by which the SDK workflows drop a
/// decision delivered twice.
/// </summary>
public sealed record ApprovalDecision(bool Approved, string DecidedBy, string? Comment, string? CaseId = null, bool Dismiss = false, string? DecisionId = null);

/// <summary>What the assessment activity concluded; everything the workflow branches on.</summary>
public sealed record Assessment(
    string Category,
    double Score,
    string Outcome,
    long? DurationSeconds,
    bool RequiresApproval,
    string Rule,
    string PolicyHash,
    TimeSpan ApprovalTimeout,
    string TimeoutOutcome,
    long? TimeoutDurationSeconds,
    int RequiredApprovers = 1,
    TimeSpan? ReminderAfter = null,
    TimeSpan? EscalateAfter = null,
    IReadOnlyList<string>? PrimaryApprovers = null,
    IReadOnlyList<string>? SecondaryApprovers = null,
    IReadOnlyList<string>? TopContributions = null,
    bool RestrictImmediately = false,
    bool EscalateImmediately = false);
