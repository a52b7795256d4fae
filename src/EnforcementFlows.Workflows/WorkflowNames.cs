namespace EnforcementFlows.Workflows;

/// <summary>
/// Names of the orchestrators, their events and their deterministic instance ids. (They differ from the removed legacy
/// runtime's "CaseWorkflow", ..., whose instances a database upgraded from it may still list.)
/// </summary>
public static class WorkflowNames
{
    public const string Case = "EnforcementCase";
    /// <summary>Not "LiftAction": that is the lift activity's name, and Durable Functions has one namespace for all functions.</summary>
    public const string Lift = "ActionLift";
    public const string Sweep = "FlagSweep";
    /// <summary>An appeal's review (DSA Art. 20), instance <c>appeal-{statementId}</c>: one appeal per statement.</summary>
    public const string Appeal = "AppealReview";

    /// <summary>Raised on a case instance for each signal of its account (payload: <c>SignalRef</c>).</summary>
    public const string SignalEvent = "signal";

    /// <summary>Raised on a case instance for each human decision (payload: <c>ApprovalDecision</c>).</summary>
    public const string ApprovalEvent = "approval";

    /// <summary>One eternal instance per account: signal-with-start aggregates every signal of it.</summary>
    public static string CaseInstanceId(string accountId) => Enforcement.Workflows.CaseConclusions.InstanceIdFor(accountId);

    public static string LiftInstanceId(string actionId) => "lift-" + actionId;

    public const string SweepInstanceId = "sweep";

    public static string AppealInstanceId(string statementId) => Enforcement.Appeals.AppealIntake.InstanceIdFor(statementId);
}
