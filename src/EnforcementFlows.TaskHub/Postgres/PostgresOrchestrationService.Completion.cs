using DurableTask.Core;
using EnforcementFlows.TaskHub.Sqlite;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// The end of an orchestration turn: history, consumed messages, new activities, timers, messages to
/// other instances and the instance row commit in one transaction, or not at all. The session check (a
/// guard that aborts the transaction if the lock is gone) and every write ride with the COMMIT: a turn costs
/// no round trip of its own.
/// </summary>
public sealed partial class PostgresOrchestrationService
{
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        var item = (PgOrchestrationWorkItem)workItem;
        // Serialize outside the writer threads: they only run statements.
        var turn = PreparedTurn.Prepare(item.StoredExecutionId, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
        var applied = true;
        try
        {
            await Writer.RunAsync(s => WriteTurn(s, item, turn)).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsLockLost(ex))
        {
            applied = false;
        }
        item.Finished = true;
        _sessions.Finished(item);
        if (!applied)
        {
            Log.SessionLockLost(_logger, item.InstanceId);
            throw new TaskHubLeaseLostException($"The lock on orchestration '{item.InstanceId}' was lost before the turn committed; the turn was not applied and the new lock holder redoes it");
        }
    }

    private void WriteTurn(PgSession s, PgOrchestrationWorkItem item, PreparedTurn turn)
    {
        GuardSession(s, item.InstanceId, item.LockToken);
        s.Defer($"DELETE FROM {_s}.messages WHERE seq = ANY($1)", item.MessageSequences);
        if (turn.State is not null)
        {
            if (turn.FirstSequence == 0)
            {
                // A new execution (first turn, continue-as-new, a finished id started again) replaces any old history.
                s.Defer($"DELETE FROM {_s}.history WHERE instance_id = $1 AND execution_id <> $2", item.InstanceId, turn.ExecutionId);
            }
            if (turn.NewEventCount > 0)
            {
                s.Defer(
                    $"INSERT INTO {_s}.history (instance_id, sequence, execution_id, event_count, body) VALUES ($1, $2, $3, $4, $5)",
                    item.InstanceId, turn.FirstSequence, turn.ExecutionId, turn.NewEventCount, turn.NewEvents);
            }
            WriteInstance(s, turn.State, turn.StateDetails, turn.WriteInput);
            s.WakeUps |= WakeUps.InstanceChanged;
        }
        if (turn.Activities.Count > 0)
        {
            s.Defer(
                $"INSERT INTO {_s}.activities (instance_id, available_at, body) SELECT $1, $2, b FROM unnest($3::text[]) WITH ORDINALITY AS a(b, n) ORDER BY n",
                item.InstanceId, s.Now, turn.Activities.ToArray());
            s.WakeUps |= WakeUps.Activities;
        }
        foreach (var message in turn.Messages)
        {
            Enqueue(s, message);
        }
        ReleaseSession(s, item.InstanceId, item.LockToken);
    }
}
