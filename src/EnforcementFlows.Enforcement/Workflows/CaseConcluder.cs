using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Gateway;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Scoring;
using EnforcementFlows.Enforcement.Statements;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Scoring;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// Case workflow 1.2: assesses a case and, when the policy needs no human, concludes it in the same
/// activity: a dismissal closes the case in the assessment's transaction, an automatic action is applied
/// (and the case closed) as the apply activity would. Each step keeps its own idempotency, so a redelivered
/// activity returns the recorded assessment and the action already applied under its key.
/// </summary>
internal sealed class CaseConcluder(IDomainDatabase store, TimeProvider time, PolicyEngine policy, CaseScorer scorer, TextScorer textScorer,
    IEnforcementGateway gateway, CaseWorkflowCommands workflows)
{
    public async Task<CaseActivities.Conclusion> ConcludeAsync(ActivityCallContext context, CaseActivities.AssessInput input, CaseOpening? opening)
    {
        var assess = new AssessCaseActivity(store, time, policy, scorer, textScorer);
        if (!gateway.CallsOut)
        {
            // Nothing to call between deciding and recording: the whole conclusion is one transaction. A
            // redelivery gets the recorded assessment, and the action recorded under the same key.
            var prepared = await assess.PrepareAsync(context, input);
            var key = ApplyActionActivity.KeyOf(context);
            return await store.RunInTransactionAsync(tx =>
            {
                var (assessment, fresh, row) = assess.Assess(tx, input, prepared, opening, closeDismissed: true);
                var conclusion = Concluded(assessment);
                if (conclusion is null)
                {
                    var apply = ApplyInput(input, assessment);
                    var action = ApplyActionActivity.Prepare(apply, key, time.GetUtcNow());
                    var facts = StatementRecords.Load(tx, apply, action, StatementBuilder.IdFor(key), assessment.Category);
                    var applied = ApplyActionActivity.Record(tx, apply, key, action, gateway.Name, time, workflows, fresh, row,
                        (StatementBuilder.Build(facts, policy.Policy), facts.Approvers));
                    conclusion = new CaseActivities.Conclusion(assessment, applied, "enforced");
                }
                row?.WriteIfPending(tx);
                return conclusion;
            }, context.CancellationToken);
        }

        var decided = await assess.AssessAsync(context, input, opening, closeDismissed: true);
        if (Concluded(decided) is { } concluded)
        {
            return concluded;
        }
        var applied = await new ApplyActionActivity(store, time, gateway, workflows, policy).RunAsync(context, ApplyInput(input, decided));
        return new CaseActivities.Conclusion(decided, applied, "enforced");
    }

    /// <summary>The conclusion of an assessment that takes no action now (a dismissal, or a wait for a human); null when it acts.</summary>
    private static CaseActivities.Conclusion? Concluded(Assessment assessment)
        => assessment.Outcome == CaseConclusions.Dismiss ? new CaseActivities.Conclusion(assessment, null, "dismissed")
            : assessment.RequiresApproval ? new CaseActivities.Conclusion(assessment, null, null)
            : null;

    private static CaseActivities.ApplyInput ApplyInput(CaseActivities.AssessInput input, Assessment assessment)
        => new(input.CaseId, input.AccountId, assessment.Outcome, assessment.DurationSeconds, assessment.Rule, assessment.PolicyHash, CloseCase: true,
            DecisionPath: Statements.DecisionPaths.Automatic);
}

/// <summary>Assesses the collected signals and concludes the case when no human is needed (1.2; 1.1 ran assess and apply as two activities).</summary>
internal sealed class AssessAndConcludeActivity(IDomainDatabase store, TimeProvider time, PolicyEngine policy, CaseScorer scorer, TextScorer textScorer,
    IEnforcementGateway gateway, CaseWorkflowCommands workflows) : EnforcementActivity<CaseActivities.AssessInput, CaseActivities.Conclusion>
{
    public override Task<CaseActivities.Conclusion> RunAsync(ActivityCallContext context, CaseActivities.AssessInput input)
        => new CaseConcluder(store, time, policy, scorer, textScorer, gateway, workflows).ConcludeAsync(context, input, null);
}
