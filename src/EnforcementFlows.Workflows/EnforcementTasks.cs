using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows.Activities;
using EnforcementFlows.Workflows.Cases;
using EnforcementFlows.Workflows.Lifts;
using EnforcementFlows.Workflows.Sweeps;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Workflows;

/// <summary>The one registration of every enforcement orchestrator and activity, for every host.</summary>
public static class EnforcementTasks
{
    public static DurableTaskRegistry AddEnforcementTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<CaseOrchestration>(WorkflowNames.Case);
        registry.AddOrchestrator<LiftOrchestration>(WorkflowNames.Lift);
        registry.AddOrchestrator<SweepOrchestration>(WorkflowNames.Sweep);
        Domain<OpenCaseActivity, CaseActivities.OpenInput, CaseActivities.CaseSettings>(registry, CaseActivities.Open);
        Domain<AssessAndConcludeActivity, CaseActivities.AssessInput, CaseActivities.Conclusion>(registry, CaseActivities.AssessAndConclude);
        Domain<IssueApprovalRequestsActivity, ApprovalStageInput, int>(registry, CaseActivities.RequestApproval);
        Domain<ApprovalExpiredActivity, CaseActivities.CaseRef, bool>(registry, CaseActivities.RecordApprovalExpired);
        Domain<ApplyActionActivity, CaseActivities.ApplyInput, CaseActivities.Applied>(registry, CaseActivities.Apply);
        Domain<LiftActionActivity, CaseActivities.LiftInput, bool>(registry, CaseActivities.Lift);
        Domain<CloseCaseActivity, CaseActivities.CloseInput, bool>(registry, CaseActivities.Close);
        Domain<SweepActivity, object?, SweepResult>(registry, SweepActivity.Name);
        // The appeal's review (DSA Art. 20, issue 24).
        registry.AddOrchestrator<Appeals.AppealOrchestration>(WorkflowNames.Appeal);
        Domain<Enforcement.Appeals.OpenAppealActivity, Enforcement.Appeals.AppealInput, Enforcement.Appeals.AppealSettings>(registry, Enforcement.Appeals.AppealActivities.Open);
        Domain<Enforcement.Appeals.IssueAppealReviewActivity, ApprovalStageInput, int>(registry, Enforcement.Appeals.AppealActivities.RequestReview);
        Domain<Enforcement.Appeals.ConcludeAppealActivity, Enforcement.Appeals.AppealConclusion, Enforcement.Appeals.AppealResult>(registry, Enforcement.Appeals.AppealActivities.Conclude);
        return registry;
    }

    /// <summary>The activity names <see cref="AddEnforcementTasks"/> registers (for hosts that list their functions).</summary>
    public static IReadOnlyList<string> ActivityNames { get; } =
    [
        CaseActivities.Open, CaseActivities.AssessAndConclude, CaseActivities.RequestApproval, CaseActivities.RecordApprovalExpired,
        CaseActivities.Apply, CaseActivities.Lift, CaseActivities.Close, SweepActivity.Name,
        Enforcement.Appeals.AppealActivities.Open, Enforcement.Appeals.AppealActivities.RequestReview, Enforcement.Appeals.AppealActivities.Conclude,
    ];

    private static void Domain<TActivity, TIn, TOut>(DurableTaskRegistry registry, string name)
        where TActivity : EnforcementActivity<TIn, TOut>
        => registry.AddActivity(name, sp => new DomainActivity<TIn, TOut>(ActivatorUtilities.CreateInstance<TActivity>(sp)));
}
