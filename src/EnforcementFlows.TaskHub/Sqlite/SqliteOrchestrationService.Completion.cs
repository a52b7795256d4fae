using DurableTask.Core;
using DurableTask.Core.History;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// The end of an orchestration turn: history, consumed messages, new activities, timers, messages to
/// other instances and the instance row commit in one transaction, or not at all.
/// </summary>
public sealed partial class SqliteOrchestrationService
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
        var item = (SqliteOrchestrationWorkItem)workItem;
        // Serialize outside the writer thread: the writer only runs statements.
        var turn = PreparedTurn.Prepare(item, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
        var applied = await Writer.RunAsync(context =>
        {
            if (!OwnsSession(context, item.Claim))
            {
                return false;
            }
            DeleteClaimedMessages(context, item.Claim);
            if (turn.State is not null)
            {
                WriteHistory(context, item.InstanceId, turn);
                WriteInstance(context, turn.State, turn.StateDetails, turn.WriteInput);
                context.WakeUps |= WakeUps.InstanceChanged;
            }
            foreach (var activity in turn.Activities)
            {
                context.Execute(
                    "INSERT INTO activities (instance_id, available_at, body) VALUES ($id, $now, $body)",
                    ("$id", item.InstanceId), ("$now", context.Now), ("$body", activity));
                context.WakeUps |= WakeUps.Activities;
            }
            foreach (var message in turn.Messages)
            {
                Enqueue(context, message);
            }
            ReleaseSession(context, item.InstanceId, item.Claim.LockToken);
            return true;
        }).ConfigureAwait(false);
        item.Finished = true;
        _sessions.Finished(item.Claim);
        if (!applied)
        {
            Log.SessionLockLost(_logger, item.InstanceId);
            throw new TaskHubLeaseLostException($"The lock on orchestration '{item.InstanceId}' was lost before the turn committed; the turn was not applied and the new lock holder redoes it");
        }
    }

    private static void WriteHistory(WriteContext context, string instanceId, PreparedTurn turn)
    {
        if (turn.FirstSequence == 0)
        {
            // A new execution (the first turn, continue-as-new, or a finished instance started again) replaces any old history.
            context.Execute("DELETE FROM history WHERE instance_id = $id AND execution_id <> $execution", ("$id", instanceId), ("$execution", turn.ExecutionId));
        }
        if (turn.NewEventCount > 0)
        {
            context.Execute(
                "INSERT INTO history (instance_id, sequence, execution_id, event_count, body) VALUES ($id, $seq, $execution, $count, $body)",
                ("$id", instanceId), ("$seq", (long)turn.FirstSequence), ("$execution", turn.ExecutionId), ("$count", turn.NewEventCount), ("$body", turn.NewEvents));
        }
    }

    private static bool OwnsSession(WriteContext context, ClaimedSession claim) =>
        context.Scalar("SELECT 1 FROM sessions WHERE instance_id = $id AND lock_token = $token", ("$id", claim.InstanceId), ("$token", claim.LockToken)) is not null;

    private static void DeleteClaimedMessages(WriteContext context, ClaimedSession claim) => context.Execute(
        "DELETE FROM messages WHERE instance_id = $id AND seq <= $max AND visible_at <= $at",
        ("$id", claim.InstanceId), ("$max", claim.MaxSequence), ("$at", claim.ClaimedAt));
}
