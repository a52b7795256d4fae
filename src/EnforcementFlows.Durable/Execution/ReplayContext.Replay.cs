namespace EnforcementFlows.Durable.Execution;

internal sealed partial class ReplayContext
{
    internal void EndReplay() => _replaying = false;

    /// <summary>Applies one history event: confirms a scheduled step or completes what the code awaits.</summary>
    internal void Apply(HistoryEvent e, bool orchestratorDone)
    {
        switch (e)
        {
            case OrchestratorStarted:
                _now = DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc);
                break;
            case TaskScheduled or TimerCreated or SubOrchestrationCreated:
                Confirm(e, orchestratorDone);
                break;
            case TaskCompleted c:
                Complete(c.TaskId, c.Result, null);
                break;
            case TaskFailed f:
                Complete(f.TaskId, null, f.Failure);
                break;
            case TimerFired t:
                Complete(t.TaskId, null, null);
                break;
            case SubOrchestrationCompleted s:
                Complete(s.TaskId, s.Result, null);
                break;
            case SubOrchestrationFailed s:
                Complete(s.TaskId, null, s.Failure);
                break;
            case EventRaised r:
                Deliver(r);
                break;
        }
    }

    private void Confirm(HistoryEvent recorded, bool orchestratorDone)
    {
        var id = recorded switch
        {
            TaskScheduled t => t.TaskId,
            TimerCreated t => t.TaskId,
            SubOrchestrationCreated s => s.TaskId,
            _ => throw new InvalidOperationException(),
        };
        if (!_pending.Remove(id, out var action))
        {
            var state = orchestratorDone ? "had already returned" : "did not schedule anything at that point";
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{_name}' (instance '{_instanceId}'): history expects {HistoryDescriptions.Describe(recorded)} but the orchestrator {state}.");
        }
        var matches = (recorded, action) switch
        {
            (TaskScheduled t, ScheduleTaskAction a) => string.Equals(t.Name, a.Name, StringComparison.OrdinalIgnoreCase),
            (TimerCreated, CreateTimerAction) => true,
            (SubOrchestrationCreated s, CreateSubOrchestrationAction a) => string.Equals(s.Name, a.Name, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
        if (!matches)
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{_name}' (instance '{_instanceId}'): history expects {HistoryDescriptions.Describe(recorded)} but the orchestrator scheduled {action.Describe()}.");
        }
    }

    private void Complete(int taskId, string? result, TaskFailureDetails? failure)
    {
        // Unknown ids are late or duplicate deliveries (for example a timer whose wait was abandoned).
        if (!_open.Remove(taskId, out var open))
        {
            return;
        }
        if (failure is null)
        {
            open.Completion.TrySetResult(result);
        }
        else
        {
            open.Completion.TrySetException(new TaskFailedException(open.Name, taskId, failure));
        }
    }
}
