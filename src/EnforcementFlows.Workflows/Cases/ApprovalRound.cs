using EnforcementFlows.Enforcement.Approvals;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows.Activities;
using Microsoft.DurableTask;

namespace EnforcementFlows.Workflows.Cases;

internal enum VerdictKind { Approved, Rejected, Dismissed, Expired }

/// <param name="Approvers">Everyone who approved (the two-person rule may need several), for the statement and the appeal's reviewer choice.</param>
internal sealed record Verdict(VerdictKind Kind, string? DecidedBy = null, string? Comment = null, IReadOnlyList<string>? Approvers = null);

/// <summary>
/// Emails the primary approvers, then waits for decisions raced with durable timers: a reminder, an escalation to
/// the secondary roster, and the final deadline. One rejection ends it; approval needs the policy's number of
/// distinct approvers (the two-person rule). Decisions about an earlier case and repeated decisions are dropped.
/// </summary>
internal static class ApprovalRound
{
    /// <param name="request">The activity that emails a stage (the case's approval requests by default; an appeal's review requests).</param>
    /// <param name="stagePrefix">Prefixes the stage names, so an appeal's requests never collide with its case's ("appeal-primary").</param>
    public static async Task<Verdict> RunAsync(TaskOrchestrationContext ctx, string caseId, string accountId, Assessment a,
        Func<ApprovalStageInput, Task<int>>? request = null, string stagePrefix = "")
    {
        request ??= ctx.RequestApproval;
        var start = ctx.CurrentUtcDateTime;
        var timeoutAt = start + a.ApprovalTimeout;
        DateTime? reminderAt = a.ReminderAfter is { } r ? start + r : null;
        DateTime? escalateAt = a.EscalateAfter is { } e ? start + e : null;
        var expires = new DateTimeOffset(timeoutAt, TimeSpan.Zero);
        var primary = a.PrimaryApprovers ?? [];
        await request(new ApprovalStageInput(caseId, accountId, stagePrefix + "primary", primary, expires, ApprovalEmailKind.Request));
        if (a.EscalateImmediately)
        {
            escalateAt = null;
            await Escalate(request, caseId, accountId, a, expires, stagePrefix);
        }
        ctx.SetCustomStatus(new CaseStatus(caseId, "awaiting_approval", a.Outcome, a.Score, timeoutAt));

        var approvers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var decisionIds = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var next = Earliest(timeoutAt, reminderAt, escalateAt);
            var decision = await Durable.WaitUntil<ApprovalDecision>(ctx, WorkflowNames.ApprovalEvent, next);
            if (decision is null)
            {
                if (ctx.CurrentUtcDateTime >= timeoutAt)
                {
                    return new Verdict(VerdictKind.Expired);
                }
                if (reminderAt <= ctx.CurrentUtcDateTime)
                {
                    reminderAt = null;
                    await request(new ApprovalStageInput(caseId, accountId, stagePrefix + "primary-reminder", primary, expires,
                        ApprovalEmailKind.Reminder, SupersedesStage: stagePrefix + "primary"));
                }
                if (escalateAt <= ctx.CurrentUtcDateTime)
                {
                    escalateAt = null;
                    await Escalate(request, caseId, accountId, a, expires, stagePrefix);
                }
                continue;
            }
            if ((decision.CaseId is not null && decision.CaseId != caseId) || (decision.DecisionId is { } id && !decisionIds.Add(id)))
            {
                continue; // a late decision about an earlier case of this account, or one delivered twice
            }
            if (!decision.Approved)
            {
                return new Verdict(decision.Dismiss ? VerdictKind.Dismissed : VerdictKind.Rejected, decision.DecidedBy, decision.Comment);
            }
            approvers.Add(decision.DecidedBy);
            if (approvers.Count >= a.RequiredApprovers)
            {
                return new Verdict(VerdictKind.Approved, decision.DecidedBy, decision.Comment, [.. approvers.Order(StringComparer.OrdinalIgnoreCase)]);
            }
        }
    }

    private static Task<int> Escalate(Func<ApprovalStageInput, Task<int>> request, string caseId, string accountId, Assessment a, DateTimeOffset expires,
        string stagePrefix)
        => request(new ApprovalStageInput(caseId, accountId, stagePrefix + "secondary", a.SecondaryApprovers ?? [], expires, ApprovalEmailKind.Escalation));

    private static DateTime Earliest(DateTime timeoutAt, DateTime? reminderAt, DateTime? escalateAt)
    {
        var next = timeoutAt;
        if (reminderAt < next) next = reminderAt.Value;
        if (escalateAt < next) next = escalateAt.Value;
        return next;
    }
}
