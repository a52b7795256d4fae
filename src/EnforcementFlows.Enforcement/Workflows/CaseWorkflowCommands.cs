using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// The starts and events that a domain transaction hands to the workflow engine: a signal joining (or starting) its
/// account's case, the scheduled lift of a time-limited action, and a human decision. Two engines run side by side
/// while issue 18 lands: the legacy runtime shares the domain's transaction, so it takes them inside it
/// (<see cref="LegacyCaseWorkflowCommands"/>); the Durable Task SDK's task hub may be another database, so they are
/// written to the outbox table in the same transaction and a relay delivers them (<see cref="OutboxCaseWorkflowCommands"/>).
/// </summary>
public abstract class CaseWorkflowCommands
{
    public abstract void JoinCases(IDurableTransaction tx, IReadOnlyList<(string AccountId, SignalRef Signal)> signals);

    /// <param name="actionId">Unique per action, so the lift's instance id is new by construction.</param>
    public abstract void ScheduleLift(IDurableTransaction tx, string actionId, CaseActivities.LiftInput lift);

    /// <param name="instanceId">The case instance that asked for the decision (recorded with the approval request).</param>
    public abstract void RaiseDecision(IDurableTransaction tx, string instanceId, ApprovalDecision decision);

    public void JoinCase(IDurableTransaction tx, string accountId, SignalRef signal) => JoinCases(tx, [(accountId, signal)]);

    /// <summary>Whether <see cref="StartAppeal"/> works: appeals are orchestrations on the Durable Task SDK only (issue 24).</summary>
    public virtual bool RunsAppeals => false;

    /// <summary>Starts the appeal's review (instance <c>appeal-{statementId}</c>); only the SDK engine runs appeals.</summary>
    public virtual void StartAppeal(IDurableTransaction tx, Appeals.AppealInput appeal)
        => throw new NotSupportedException("Appeals run on the Durable Task SDK engine (EnforcementFlows:Workflows:Engine=TaskHub).");
}
