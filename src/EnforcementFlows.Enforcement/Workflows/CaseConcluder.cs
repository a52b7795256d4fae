using EnforcementFlows.Durable;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Enforcement.Gateway;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Scoring;
using EnforcementFlows.Scoring;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// Case workflow 1.2: assesses a case and, when the policy needs no human, concludes it in the same
/// activity: a dismissal closes the case in the assessment's transaction, an automatic action is applied
/// (and the case closed) as the apply activity would. Each step keeps its own idempotency, so a redelivered
/// activity returns the recorded assessment and the action already applied under its key.
/// </summary>
internal sealed class CaseConcluder(ITransactionalDurableStore store, TimeProvider time, PolicyEngine policy, CaseScorer scorer, TextScorer textScorer,
    IEnforcementGateway gateway)
{
    public async Task<CaseActivities.Conclusion> ConcludeAsync(TaskActivityContext context, CaseActivities.AssessInput input, Action<IDurableTransaction>? first)
    {
        var assessment = await new AssessCaseActivity(store, time, policy, scorer, textScorer).AssessAsync(context, input, first, closeDismissed: true);
        if (assessment.Outcome == CaseWorkflow.Dismiss)
        {
            return new CaseActivities.Conclusion(assessment, null, "dismissed");
        }
        if (assessment.RequiresApproval)
        {
            return new CaseActivities.Conclusion(assessment, null, null);
        }
        var applied = await new ApplyActionActivity(store, time, gateway).RunAsync(context, new CaseActivities.ApplyInput(input.CaseId, input.AccountId,
            assessment.Outcome, assessment.DurationSeconds, assessment.Rule, assessment.PolicyHash, CloseCase: true));
        return new CaseActivities.Conclusion(assessment, applied, "enforced");
    }
}

/// <summary>Assesses the collected signals and concludes the case when no human is needed (1.2; 1.1 ran assess and apply as two activities).</summary>
internal sealed class AssessAndConcludeActivity(ITransactionalDurableStore store, TimeProvider time, PolicyEngine policy, CaseScorer scorer, TextScorer textScorer,
    IEnforcementGateway gateway) : TaskActivity<CaseActivities.AssessInput, CaseActivities.Conclusion>
{
    public override Task<CaseActivities.Conclusion> RunAsync(TaskActivityContext context, CaseActivities.AssessInput input)
        => new CaseConcluder(store, time, policy, scorer, textScorer, gateway).ConcludeAsync(context, input, null);
}
