using EnforcementFlows.Durable;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>Names and inputs of the case workflow's activities. Each is idempotent: a redelivery changes nothing twice.</summary>
public static class CaseActivities
{
    public const string Open = "OpenCase";
    public const string Assess = "AssessCase";
    public const string AssessAndConclude = "AssessAndConcludeCase";
    public const string RequestApproval = "RequestApproval";
    public const string RecordApprovalExpired = "RecordApprovalExpired";
    public const string Apply = "ApplyAction";
    public const string Lift = "LiftAction";
    public const string Close = "CloseCase";

    /// <param name="ConcludeWith">1.2: with no collect window, the case is assessed on this signal (and concluded when no human is needed) by the opening activity.</param>
    public sealed record OpenInput(string CaseId, string AccountId, string InstanceId, Storage.SignalRef? ConcludeWith = null);
    /// <param name="Concluded">Set when the opening activity assessed the case too (no collect window, 1.2).</param>
    public sealed record CaseSettings(TimeSpan CollectWindow, Conclusion? Concluded = null);
    /// <summary>An assessment and what followed from it without a human (1.2).</summary>
    /// <param name="Action">The automatic action applied, if any.</param>
    /// <param name="ClosedAs">The status the case was closed with ("enforced", "dismissed"); null: it waits for a human.</param>
    public sealed record Conclusion(Assessment Assessment, Applied? Action, string? ClosedAs);
    public sealed record AssessInput(string CaseId, string AccountId, IReadOnlyList<Storage.SignalRef> Signals);
    public sealed record CaseRef(string CaseId, string AccountId);
    /// <param name="Interim">A restriction while humans decide: it leaves the case's status alone.</param>
    /// <param name="CloseCase">Close the case as "enforced" in the same transaction (case workflow 1.1 and later): one activity and one turn fewer.</param>
    /// <param name="DecisionPath">How the action was decided (<c>Statements.DecisionPaths</c>), for its statement of reasons; null (legacy workflow): read from the approvals.</param>
    /// <param name="Approvers">Who approved it (human path): kept with the statement so an appeal goes to someone else, never shown to the account.</param>
    public sealed record ApplyInput(string CaseId, string AccountId, string Outcome, long? DurationSeconds, string Reason, string PolicyHash, bool Interim = false,
        bool CloseCase = false, string? DecisionPath = null, IReadOnlyList<string>? Approvers = null);
    public sealed record Applied(string ActionId, DateTimeOffset AppliedAt, DateTimeOffset? ExpiresAt);
    public sealed record LiftInput(string ActionId, DateTimeOffset ExpiresAt, string? Reason = null);
    public sealed record CloseInput(string CaseId, string Status, string Reason);

    /// <summary>Registers the workflows and activities of the enforcement service.</summary>
    public static DurableTaskRegistry AddEnforcementWorkflows(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<CaseWorkflow>(CaseWorkflow.Name, CaseWorkflow.Version);
        registry.AddOrchestrator<LiftWorkflow>(LiftWorkflow.Name);
        registry.AddOrchestrator<SweepWorkflow>(SweepWorkflow.Name);
        Domain<SweepActivity, object?, SweepResult>(registry, SweepActivity.Name);
        Domain<OpenCaseActivity, OpenInput, CaseSettings>(registry, Open);
        Domain<AssessCaseActivity, AssessInput, Assessment>(registry, Assess);
        Domain<AssessAndConcludeActivity, AssessInput, Conclusion>(registry, AssessAndConclude);
        Domain<IssueApprovalRequestsActivity, ApprovalStageInput, int>(registry, RequestApproval);
        Domain<ApprovalExpiredActivity, CaseRef, bool>(registry, RecordApprovalExpired);
        Domain<ApplyActionActivity, ApplyInput, Applied>(registry, Apply);
        Domain<LiftActionActivity, LiftInput, bool>(registry, Lift);
        Domain<CloseCaseActivity, CloseInput, bool>(registry, Close);
        return registry;
    }

    private static void Domain<TActivity, TIn, TOut>(DurableTaskRegistry registry, string name) where TActivity : EnforcementActivity<TIn, TOut>
        => registry.AddActivity(name, sp => new LegacyActivity<TIn, TOut>(Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<TActivity>(sp)));
}

/// <summary>
/// Lifts a time-limited action when it expires. Started with a scheduled start at the expiry, so nothing runs
/// until then; an instance started early (before scheduled starts, or by hand) sleeps on a durable timer first.
/// Either way the wait is in the database, so restarts do not lose it.
/// </summary>
public sealed class LiftWorkflow : TaskOrchestrator<CaseActivities.LiftInput, bool>
{
    public const string Name = "LiftWorkflow";

    public override async Task<bool> RunAsync(TaskOrchestrationContext ctx, CaseActivities.LiftInput input)
    {
        // The turn's recorded time decides, so a replay takes the same branch.
        if (ctx.CurrentUtcDateTime < input.ExpiresAt.UtcDateTime)
        {
            await ctx.CreateTimer(input.ExpiresAt.UtcDateTime, CancellationToken.None);
        }
        return await ctx.CallActivityAsync<bool>(CaseActivities.Lift, input,
            TaskOptions.WithRetry(new RetryPolicy(10, TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(5))));
    }
}
