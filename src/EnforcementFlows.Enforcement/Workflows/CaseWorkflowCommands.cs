using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// The starts and events that a domain transaction hands to the workflow engine: a signal joining (or starting) its
/// account's case, the scheduled lift of a time-limited action, a human decision and an appeal's review. The task hub
/// may be another database than the domain's, so they are written to the outbox table in the same transaction and a
/// relay delivers them (<see cref="OutboxCaseWorkflowCommands"/>); an abstraction so tests can observe them.
/// </summary>
public abstract class CaseWorkflowCommands
{
    public abstract void JoinCases(IDomainTransaction tx, IReadOnlyList<(string AccountId, SignalRef Signal)> signals);

    /// <param name="actionId">Unique per action, so the lift's instance id is new by construction.</param>
    public abstract void ScheduleLift(IDomainTransaction tx, string actionId, CaseActivities.LiftInput lift);

    /// <param name="instanceId">The case instance that asked for the decision (recorded with the approval request).</param>
    public abstract void RaiseDecision(IDomainTransaction tx, string instanceId, ApprovalDecision decision);

    public void JoinCase(IDomainTransaction tx, string accountId, SignalRef signal) => JoinCases(tx, [(accountId, signal)]);

    /// <summary>Starts the appeal's review (instance <c>appeal-{statementId}</c>).</summary>
    public abstract void StartAppeal(IDomainTransaction tx, Appeals.AppealInput appeal);
}
