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

    /// <summary>
    /// A turn is two statements (three when a new execution replaces the history): the guard with every
    /// write of the turn behind it (consumed messages, history, instance row, activities), then the
    /// release, which must see the inbox after the guard has locked the session row (a separate statement
    /// has a later snapshot). Messages to other instances and timers are one statement each, between them.
    /// </summary>
    private void WriteTurn(PgSession s, PgOrchestrationWorkItem item, PreparedTurn turn)
    {
        var writes = new PgStatement();
        var id = writes.Arg(item.InstanceId);
        var guarded = false;
        // Most turns consume one message (an activity's result). "= $n" rather than "= ANY($n)" for it: the
        // planner prices the generic plan of an array lookup above a custom one and would plan the whole
        // statement again on every execution (as much server CPU as running it).
        writes.With("consumed", item.MessageSequences.Length == 1
            ? $"DELETE FROM {_s}.messages WHERE seq = {writes.Arg(item.MessageSequences[0])}"
            : $"DELETE FROM {_s}.messages WHERE seq = ANY({writes.Arg(item.MessageSequences)})");
        if (turn.State is not null && turn.FirstSequence == 0)
        {
            // A new execution (first turn, continue-as-new, a finished id started again) replaces any old history:
            // deleted before the new first row goes in (one statement's writes would collide on its key).
            writes.With("replaced", $"DELETE FROM {_s}.history WHERE instance_id = {id} AND execution_id <> {writes.Arg(turn.ExecutionId)}");
            GuardSession(s, writes, id, item.LockToken);
            guarded = true;
            writes = new PgStatement();
            id = writes.Arg(item.InstanceId);
        }
        if (turn.State is not null)
        {
            if (turn.NewEventCount > 0)
            {
                writes.With("events",
                    $"INSERT INTO {_s}.history (instance_id, sequence, execution_id, event_count, body) VALUES ({id}, {writes.Arg(turn.FirstSequence)}, {writes.Arg(turn.ExecutionId)}, {writes.Arg(turn.NewEventCount)}, {writes.Arg(turn.NewEvents)})");
            }
            WriteInstance(s, writes, turn.State, turn.StateDetails, turn.WriteInput);
            s.WakeUps |= WakeUps.InstanceChanged;
        }
        if (turn.Activities.Count > 0)
        {
            writes.With("scheduled",
                $"INSERT INTO {_s}.activities (instance_id, available_at, body) SELECT {id}, {writes.Arg(s.Now)}, b FROM unnest({writes.Arg(turn.Activities.ToArray())}::text[]) WITH ORDINALITY AS a(b, n) ORDER BY n");
            s.WakeUps |= WakeUps.Activities;
        }
        if (!guarded)
        {
            // The first statement of the turn: the guard is its main query, so it runs before the writes.
            GuardSession(s, writes, id, item.LockToken);
        }
        else if (writes.HasWrites)
        {
            writes.Defer(s, "SELECT 1");
        }
        foreach (var message in turn.Messages)
        {
            Enqueue(s, message);
        }
        ReleaseSession(s, item.InstanceId, item.LockToken);
    }
}
