using EnforcementFlows.Enforcement.Statements;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows.Activities;
using Microsoft.DurableTask;

namespace EnforcementFlows.Workflows.Cases;

public sealed partial class CaseOrchestration
{
    /// <summary>A case that needs humans: interim restriction when policy says so, the approval, then the outcome.</summary>
    private static async Task<CaseResult> Decide(TaskOrchestrationContext ctx, string caseId, string accountId, Assessment assessment)
    {
        CaseActivities.Applied? interim = null;
        if (assessment.RestrictImmediately)
        {
            // Child safety: restrict at once, while humans decide the actual outcome.
            interim = await ctx.ApplyAction(new CaseActivities.ApplyInput(caseId, accountId, "restrict", null,
                "interim restriction pending review: " + assessment.Rule, assessment.PolicyHash, Interim: true, DecisionPath: DecisionPaths.Interim));
        }

        var verdict = await ApprovalRound.RunAsync(ctx, caseId, accountId, assessment);
        switch (verdict.Kind)
        {
            case VerdictKind.Expired:
                await ctx.RecordApprovalExpired(new CaseActivities.CaseRef(caseId, accountId));
                if (assessment.TimeoutOutcome == "dismiss")
                {
                    const string Reason = "approval deadline passed; timeout outcome: dismiss";
                    await LiftInterim(ctx, interim, Reason);
                    await ctx.CloseCase(new CaseActivities.CloseInput(caseId, "expired", Reason));
                    return new CaseResult(caseId, "expired", null);
                }
                assessment = assessment with { Outcome = assessment.TimeoutOutcome, DurationSeconds = assessment.TimeoutDurationSeconds };
                break;
            case VerdictKind.Rejected or VerdictKind.Dismissed:
                // A reviewer's dismissal (no violation) closes as "dismissed"; an approver's rejection as "rejected".
                var status = verdict.Kind == VerdictKind.Dismissed ? "dismissed" : "rejected";
                await LiftInterim(ctx, interim, $"{status} by {verdict.DecidedBy}");
                await ctx.CloseCase(new CaseActivities.CloseInput(caseId, status, verdict.Comment ?? $"{status} by {verdict.DecidedBy}"));
                return new CaseResult(caseId, status, null);
        }

        // With an interim restriction to lift in between, the case closes on its own.
        var closeWithApply = interim is null;
        // Whether a human decided goes into the statement of reasons (automated decision: yes or no).
        var human = verdict.Kind == VerdictKind.Approved;
        var applied = await ctx.ApplyAction(new CaseActivities.ApplyInput(caseId, accountId, assessment.Outcome, assessment.DurationSeconds,
            assessment.Rule, assessment.PolicyHash, CloseCase: closeWithApply, DecisionPath: human ? DecisionPaths.Human : DecisionPaths.Timeout,
            Approvers: human ? verdict.Approvers : null));
        if (!closeWithApply)
        {
            await LiftInterim(ctx, interim, $"replaced by the decided action {applied.ActionId}");
            await ctx.CloseCase(new CaseActivities.CloseInput(caseId, "enforced", $"{assessment.Outcome} applied ({applied.ActionId})"));
        }
        return new CaseResult(caseId, "enforced", assessment.Outcome);
    }

    private static async Task LiftInterim(TaskOrchestrationContext ctx, CaseActivities.Applied? interim, string reason)
    {
        if (interim is not null)
        {
            await ctx.LiftAction(new CaseActivities.LiftInput(interim.ActionId, ctx.CurrentUtcDateTime, reason));
        }
    }
}
