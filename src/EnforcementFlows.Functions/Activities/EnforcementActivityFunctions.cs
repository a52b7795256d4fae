using EnforcementFlows.Enforcement.Appeals;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows.Activities;
using Microsoft.Azure.Functions.Worker;

namespace EnforcementFlows.Functions.Activities;

/// <summary>
/// One activity trigger per activity of <see cref="Workflows.EnforcementTasks.ActivityNames"/> (functions.metadata
/// needs a method per function); each hands its input to the registry's activity. A test checks the two lists agree.
/// </summary>
public sealed class EnforcementActivityFunctions(EnforcementActivities activities)
{
    [Function(CaseActivities.Open)]
    public Task<CaseActivities.CaseSettings> OpenCase([ActivityTrigger] ActivityCall<CaseActivities.OpenInput> call, string instanceId, FunctionContext context)
        => activities.RunAsync<CaseActivities.CaseSettings>(CaseActivities.Open, instanceId, call, context);

    [Function(CaseActivities.AssessAndConclude)]
    public Task<CaseActivities.Conclusion> AssessAndConclude([ActivityTrigger] ActivityCall<CaseActivities.AssessInput> call, string instanceId, FunctionContext context)
        => activities.RunAsync<CaseActivities.Conclusion>(CaseActivities.AssessAndConclude, instanceId, call, context);

    [Function(CaseActivities.RequestApproval)]
    public Task<int> RequestApproval([ActivityTrigger] ActivityCall<ApprovalStageInput> call, string instanceId, FunctionContext context)
        => activities.RunAsync<int>(CaseActivities.RequestApproval, instanceId, call, context);

    [Function(CaseActivities.RecordApprovalExpired)]
    public Task<bool> RecordApprovalExpired([ActivityTrigger] ActivityCall<CaseActivities.CaseRef> call, string instanceId, FunctionContext context)
        => activities.RunAsync<bool>(CaseActivities.RecordApprovalExpired, instanceId, call, context);

    [Function(CaseActivities.Apply)]
    public Task<CaseActivities.Applied> ApplyAction([ActivityTrigger] ActivityCall<CaseActivities.ApplyInput> call, string instanceId, FunctionContext context)
        => activities.RunAsync<CaseActivities.Applied>(CaseActivities.Apply, instanceId, call, context);

    [Function(CaseActivities.Lift)]
    public Task<bool> LiftAction([ActivityTrigger] ActivityCall<CaseActivities.LiftInput> call, string instanceId, FunctionContext context)
        => activities.RunAsync<bool>(CaseActivities.Lift, instanceId, call, context);

    [Function(CaseActivities.Close)]
    public Task<bool> CloseCase([ActivityTrigger] ActivityCall<CaseActivities.CloseInput> call, string instanceId, FunctionContext context)
        => activities.RunAsync<bool>(CaseActivities.Close, instanceId, call, context);

    [Function(SweepActivity.Name)]
    public Task<SweepResult> SweepFlags([ActivityTrigger] ActivityCall<object?> call, string instanceId, FunctionContext context)
        => activities.RunAsync<SweepResult>(SweepActivity.Name, instanceId, call, context);

    [Function(AppealActivities.Open)]
    public Task<AppealSettings> OpenAppeal([ActivityTrigger] ActivityCall<AppealInput> call, string instanceId, FunctionContext context)
        => activities.RunAsync<AppealSettings>(AppealActivities.Open, instanceId, call, context);

    [Function(AppealActivities.RequestReview)]
    public Task<int> RequestAppealReview([ActivityTrigger] ActivityCall<ApprovalStageInput> call, string instanceId, FunctionContext context)
        => activities.RunAsync<int>(AppealActivities.RequestReview, instanceId, call, context);

    [Function(AppealActivities.Conclude)]
    public Task<AppealResult> ConcludeAppeal([ActivityTrigger] ActivityCall<AppealConclusion> call, string instanceId, FunctionContext context)
        => activities.RunAsync<AppealResult>(AppealActivities.Conclude, instanceId, call, context);
}
