using EnforcementFlows.Enforcement.Appeals;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows.Activities;
using EnforcementFlows.Workflows.Cases;
using Microsoft.DurableTask;

namespace EnforcementFlows.Workflows.Appeals;

/// <summary>
/// An appeal's review (DSA Art. 20), instance <c>appeal-{statementId}</c>, started through the workflow outbox by the appeal's intake.
/// A reviewer who decided nothing in the original case gets the approval links (approve = overturn, reject = uphold), with the
/// category's reminder, escalation and deadline, through the same <see cref="ApprovalRound"/> as cases. Never automatic: without a
/// human decision in time the policy's appeal timeout outcome applies, and the appeal records and says that nobody decided.
/// </summary>
public sealed class AppealOrchestration : TaskOrchestrator<AppealInput, AppealResult>
{
    public const string StagePrefix = "appeal-";

    public override async Task<AppealResult> RunAsync(TaskOrchestrationContext ctx, AppealInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = await ctx.OpenAppeal(input);
        AppealConclusion conclusion;
        if (settings.Primary.Count == 0 && settings.Secondary.Count == 0)
        {
            // Everyone the policy names decided the original case: nobody may review it, so the timeout outcome applies at once.
            conclusion = TimedOut(input, settings, "no reviewer is eligible (every approver of the category decided the original case)");
        }
        else
        {
            var round = new Assessment(settings.Category, 0, AppealOutcomes.Overturn, null, RequiresApproval: true, $"appeal {input.AppealId}", "",
                settings.TimeoutAfter, settings.TimeoutOutcome, null, RequiredApprovers: 1, settings.ReminderAfter, settings.EscalateAfter,
                settings.Primary.Count > 0 ? settings.Primary : settings.Secondary, settings.Secondary, EscalateImmediately: settings.Primary.Count == 0);
            var verdict = await ApprovalRound.RunAsync(ctx, input.AppealId, input.AccountId, round, ctx.RequestAppealReview, StagePrefix);
            conclusion = verdict.Kind switch
            {
                VerdictKind.Approved => new AppealConclusion(input.AppealId, Overturn: true, verdict.DecidedBy, verdict.Comment ?? "overturned on review", TimedOut: false),
                VerdictKind.Rejected or VerdictKind.Dismissed => new AppealConclusion(input.AppealId, Overturn: false, verdict.DecidedBy, verdict.Comment ?? "upheld on review", TimedOut: false),
                _ => TimedOut(input, settings, $"no reviewer decided within {settings.TimeoutAfter}"),
            };
        }
        ctx.SetCustomStatus(new { stage = "concluding", overturn = conclusion.Overturn, timedOut = conclusion.TimedOut });
        var result = await ctx.ConcludeAppeal(conclusion);
        ctx.SetCustomStatus(new { stage = "closed", status = result.Status });
        return result;
    }

    private static AppealConclusion TimedOut(AppealInput input, AppealSettings settings, string why)
        => new(input.AppealId, settings.TimeoutOutcome == AppealOutcomes.Overturn, null, $"{why}; the policy's timeout outcome ({settings.TimeoutOutcome}) applies", TimedOut: true);
}
