using EnforcementFlows.Durable;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// One open case per account: collects the account's signals for a window, assesses them
/// (score + policy), then dismisses, acts automatically, or waits for a human decision, and closes.
/// Signals that arrive after the case stopped collecting start the next case (continue-as-new).
/// </summary>
public sealed class CaseWorkflow(Microsoft.Extensions.Options.IOptions<CaseOptions> options) : TaskOrchestrator<CaseWorkflow.Input, CaseWorkflow.Result>
{
    public const string Name = "CaseWorkflow";
    public const string Version = "1.0";
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
        await ctx.CallActivityAsync(CaseActivities.Open, new CaseActivities.OpenInput(caseId, input.AccountId, ctx.InstanceId), Retry);
        ctx.SetCustomStatus(new { caseId, stage = "collecting" });

        var collectUntil = ctx.CurrentUtcDateTime + options.Value.CollectWindow;
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

        var assessment = await ctx.CallActivityAsync<Assessment>(CaseActivities.Assess, new CaseActivities.AssessInput(caseId, input.AccountId, signals), Retry);
        ctx.SetCustomStatus(new { caseId, stage = "assessed", assessment.Outcome, assessment.Score });
        var result = await Conclude(ctx, caseId, input.AccountId, assessment);

        // Signals buffered while this case was being decided belong to the next case.
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
        if (assessment.Outcome == "dismiss")
        {
            await Close(ctx, caseId, "dismissed", assessment.Rule);
            return new Result(caseId, "dismissed", null);
        }

        if (assessment.RequiresApproval)
        {
            await ctx.CallActivityAsync(CaseActivities.RequestApproval, new CaseActivities.CaseRef(caseId, accountId), Retry);
            ctx.SetCustomStatus(new { caseId, stage = "awaiting_approval", assessment.Outcome, assessment.Score });
            ApprovalDecision decision;
            try
            {
                decision = await ctx.WaitForExternalEvent<ApprovalDecision>(ApprovalEvent, assessment.ApprovalTimeout);
            }
            catch (TimeoutException)
            {
                decision = new ApprovalDecision(assessment.TimeoutOutcome != "dismiss", "system:timeout", "approval deadline passed");
                await ctx.CallActivityAsync(CaseActivities.RecordApprovalExpired, new CaseActivities.CaseRef(caseId, accountId), Retry);
                if (decision.Approved)
                {
                    assessment = assessment with { Outcome = assessment.TimeoutOutcome, DurationSeconds = assessment.TimeoutDurationSeconds };
                }
            }
            if (!decision.Approved)
            {
                await Close(ctx, caseId, "rejected", decision.Comment ?? "rejected by " + decision.DecidedBy);
                return new Result(caseId, "rejected", null);
            }
        }

        var apply = new CaseActivities.ApplyInput(caseId, accountId, assessment.Outcome, assessment.DurationSeconds, assessment.Rule, assessment.PolicyHash);
        var applied = await ctx.CallActivityAsync<CaseActivities.Applied>(CaseActivities.Apply, apply, Retry);
        await Close(ctx, caseId, "enforced", $"{assessment.Outcome} applied ({applied.ActionId})");
        return new Result(caseId, "enforced", assessment.Outcome);
    }

    private static Task Close(TaskOrchestrationContext ctx, string caseId, string status, string reason)
        => ctx.CallActivityAsync(CaseActivities.Close, new CaseActivities.CloseInput(caseId, status, reason), Retry);
}

/// <summary>A human decision on a case, raised as the "approval" event.</summary>
public sealed record ApprovalDecision(bool Approved, string DecidedBy, string? Comment);

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
    long? TimeoutDurationSeconds);
