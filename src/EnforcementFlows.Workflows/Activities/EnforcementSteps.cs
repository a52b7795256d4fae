using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.DurableTask;

namespace EnforcementFlows.Workflows.Activities;

/// <summary>
/// The orchestrators' typed calls of the domain activities. Each call gets a fresh call id from
/// <c>NewGuid()</c> (deterministic on replay) and the durable retry policy, so orchestrators read as the
/// business process and never loop on failures themselves.
/// </summary>
public static class EnforcementSteps
{
    /// <summary>10 attempts, 1 s doubling to 5 min: rides out a database or gateway outage of about half an hour.</summary>
    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(5)));

    public static Task<CaseActivities.CaseSettings> OpenCase(this TaskOrchestrationContext ctx, CaseActivities.OpenInput input)
        => Call<CaseActivities.OpenInput, CaseActivities.CaseSettings>(ctx, CaseActivities.Open, input);

    public static Task<CaseActivities.Conclusion> AssessAndConclude(this TaskOrchestrationContext ctx, CaseActivities.AssessInput input)
        => Call<CaseActivities.AssessInput, CaseActivities.Conclusion>(ctx, CaseActivities.AssessAndConclude, input);

    public static Task<int> RequestApproval(this TaskOrchestrationContext ctx, ApprovalStageInput input)
        => Call<ApprovalStageInput, int>(ctx, CaseActivities.RequestApproval, input);

    public static Task<bool> RecordApprovalExpired(this TaskOrchestrationContext ctx, CaseActivities.CaseRef input)
        => Call<CaseActivities.CaseRef, bool>(ctx, CaseActivities.RecordApprovalExpired, input);

    public static Task<CaseActivities.Applied> ApplyAction(this TaskOrchestrationContext ctx, CaseActivities.ApplyInput input)
        => Call<CaseActivities.ApplyInput, CaseActivities.Applied>(ctx, CaseActivities.Apply, input);

    public static Task<bool> LiftAction(this TaskOrchestrationContext ctx, CaseActivities.LiftInput input)
        => Call<CaseActivities.LiftInput, bool>(ctx, CaseActivities.Lift, input);

    public static Task<bool> CloseCase(this TaskOrchestrationContext ctx, CaseActivities.CloseInput input)
        => Call<CaseActivities.CloseInput, bool>(ctx, CaseActivities.Close, input);

    public static Task<SweepResult> SweepFlags(this TaskOrchestrationContext ctx)
        => Call<object?, SweepResult>(ctx, SweepActivity.Name, null);

    public static Task<Enforcement.Appeals.AppealSettings> OpenAppeal(this TaskOrchestrationContext ctx, Enforcement.Appeals.AppealInput input)
        => Call<Enforcement.Appeals.AppealInput, Enforcement.Appeals.AppealSettings>(ctx, Enforcement.Appeals.AppealActivities.Open, input);

    public static Task<int> RequestAppealReview(this TaskOrchestrationContext ctx, ApprovalStageInput input)
        => Call<ApprovalStageInput, int>(ctx, Enforcement.Appeals.AppealActivities.RequestReview, input);

    public static Task<Enforcement.Appeals.AppealResult> ConcludeAppeal(this TaskOrchestrationContext ctx, Enforcement.Appeals.AppealConclusion input)
        => Call<Enforcement.Appeals.AppealConclusion, Enforcement.Appeals.AppealResult>(ctx, Enforcement.Appeals.AppealActivities.Conclude, input);

    private static Task<TOut> Call<TIn, TOut>(TaskOrchestrationContext ctx, string name, TIn input)
        => ctx.CallActivityAsync<TOut>(name, new ActivityCall<TIn>(ctx.NewGuid().ToString("N"), input), Retry);
}
