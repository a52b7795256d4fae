using System.Text.Json;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// Writes each command to the workflow outbox in the domain transaction, so it commits (or not) with the facts it
/// is about; <see cref="WorkflowOutbox"/> hands the rows to the relay. Correct whether or not the task hub shares
/// the domain's database (brief section 4).
/// </summary>
public sealed class OutboxCaseWorkflowCommands(TimeProvider time) : CaseWorkflowCommands
{
    public override void JoinCases(IDomainTransaction tx, IReadOnlyList<(string AccountId, SignalRef Signal)> signals)
    {
        foreach (var (accountId, signal) in signals)
        {
            Write(tx, OutboxKind.JoinCase, accountId, new JoinCaseCommand(accountId, signal));
        }
    }

    public override void ScheduleLift(IDomainTransaction tx, string actionId, CaseActivities.LiftInput lift)
        => Write(tx, OutboxKind.ScheduleLift, actionId, lift);

    public override void RaiseDecision(IDomainTransaction tx, string instanceId, ApprovalDecision decision)
        => Write(tx, OutboxKind.RaiseDecision, instanceId, decision);

    public override void StartAppeal(IDomainTransaction tx, Appeals.AppealInput appeal)
        => Write(tx, OutboxKind.StartAppeal, appeal.StatementId, appeal);

    private void Write<T>(IDomainTransaction tx, string kind, string subject, T command)
        => tx.Defer("INSERT INTO ef_workflow_outbox (kind, subject, payload, created_at) VALUES ($p0, $p1, $p2, $p3)",
            kind, subject, JsonSerializer.Serialize(command, WorkflowOutbox.Json), time.GetUtcNow().ToUnixTimeMilliseconds());
}

/// <summary>A signal for the account's case: start the case with it, or raise it on the running one.</summary>
public sealed record JoinCaseCommand(string AccountId, SignalRef Signal);

public static class OutboxKind
{
    public const string JoinCase = "join_case";
    public const string ScheduleLift = "schedule_lift";
    public const string RaiseDecision = "raise_decision";
    public const string StartAppeal = "start_appeal";
}
