using EnforcementFlows.Durable.Execution;
using EnforcementFlows.Durable.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Durable.Worker;

/// <summary>
/// Turns a claimed instance (history + inbox) into the changes of one turn: control messages
/// are applied here, everything else goes through the replaying executor.
/// </summary>
internal sealed partial class TurnProcessor(DurableTaskRegistry registry, IServiceProvider services, TimeProvider time, ILogger logger)
{
    public OrchestrationTurn Process(OrchestrationWorkItem item)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var inbox = Sort(item);
        if (item.Status.IsTerminal())
        {
            // Late messages for a finished execution: consume and forget.
            return Unchanged(item, inbox.Consumed, item.Status);
        }

        var turnStart = new OrchestratorStarted { Timestamp = now };
        if (inbox.Terminate is { } terminate)
        {
            Log.OrchestrationTerminated(logger, item.InstanceId, item.Name, terminate.Reason);
            var completed = new ExecutionCompleted(OrchestrationStatus.Terminated, JsonData.Serialize(terminate.Reason), null) { Timestamp = now };
            return Finished(item, inbox.Consumed, [turnStart, terminate, completed], completed, null);
        }

        var status = inbox.Suspended ? OrchestrationStatus.Suspended : inbox.Started ? OrchestrationStatus.Running : OrchestrationStatus.Pending;
        if (!inbox.Fresh.Any(e => e is not (ExecutionSuspended or ExecutionResumed)))
        {
            // Only suspend/resume: record them, the orchestrator has nothing new to see.
            return Unchanged(item, inbox.Consumed, status) with { NewHistory = inbox.Fresh.Count == 0 ? [] : [turnStart, .. inbox.Fresh] };
        }

        var entry = registry.FindOrchestrator(item.Name);
        if (entry is null)
        {
            var failure = new TaskFailureDetails(typeof(InvalidOperationException).FullName!, $"No orchestrator named '{item.Name}' is registered with this worker.");
            return Fail(item, inbox, turnStart, failure, now);
        }

        using var scope = services.CreateScope();
        var orchestrator = entry.Create(scope.ServiceProvider);
        var fresh = new List<HistoryEvent>(inbox.Fresh.Count + 1) { turnStart };
        fresh.AddRange(inbox.Fresh);
        var result = OrchestrationExecutor.Execute(orchestrator, item.InstanceId, item.ExecutionId, item.History, fresh);
        if (result.Completion is not null && result.FreshApplied < fresh.Count)
        {
            (inbox, fresh) = LeaveUnseenEvents(inbox, fresh, result.FreshApplied);
        }
        return Build(item, inbox, fresh, result, status, entry.Version, now);
    }

    /// <summary>
    /// Events raised after the point where the orchestrator returned (in the same batch as the step that
    /// ended it) were never seen by its code: they stay in the inbox instead of being recorded for the
    /// finished execution. A signal-with-start event then starts the instance again (the store's rule for
    /// signals a finished execution did not consume), so it is not lost; a plain event is dropped as for any
    /// finished instance. Other late messages (results, timers) are consumed as before.
    /// </summary>
    private static (Inbox, List<HistoryEvent>) LeaveUnseenEvents(Inbox inbox, List<HistoryEvent> fresh, int applied)
    {
        // fresh = [OrchestratorStarted, .. inbox.Fresh]: inbox index = fresh index - 1.
        var unseen = new HashSet<long>();
        for (var i = Math.Max(applied, 1); i < fresh.Count; i++)
        {
            if (fresh[i] is EventRaised)
            {
                unseen.Add(inbox.FreshIds[i - 1]);
            }
        }
        if (unseen.Count == 0)
        {
            return (inbox, fresh);
        }
        var kept = fresh.Where((e, i) => i < applied || e is not EventRaised).ToList();
        return (inbox with { Consumed = inbox.Consumed.Where(id => !unseen.Contains(id)).ToList() }, kept);
    }

    private OrchestrationTurn Fail(OrchestrationWorkItem item, Inbox inbox, OrchestratorStarted turnStart, TaskFailureDetails failure, DateTime now)
    {
        Log.OrchestrationFailed(logger, item.InstanceId, item.Name, failure.ErrorType, failure.ErrorMessage);
        var completed = new ExecutionCompleted(OrchestrationStatus.Failed, null, failure) { Timestamp = now };
        return Finished(item, inbox.Consumed, [turnStart, .. inbox.Fresh, completed], completed, null);
    }

    private static OrchestrationTurn Unchanged(OrchestrationWorkItem item, IReadOnlyList<long> consumed, OrchestrationStatus status)
        => new(item.InstanceId, item.ExecutionId, consumed, [], status, null, null, null, [], [], []);
}
