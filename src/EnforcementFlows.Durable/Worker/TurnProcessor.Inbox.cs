using EnforcementFlows.Durable.Storage;

namespace EnforcementFlows.Durable.Worker;

internal sealed partial class TurnProcessor
{
    /// <summary>The inbox sorted for one turn: what is consumed, what the orchestrator sees, what waits.</summary>
    /// <param name="FreshIds">The message id of each event in <paramref name="Fresh"/>, in the same order.</param>
    /// <param name="Started">The execution has begun (its ExecutionStarted is in the history or among <paramref name="Fresh"/>).</param>
    private sealed record Inbox(List<long> Consumed, List<HistoryEvent> Fresh, List<long> FreshIds, ExecutionTerminated? Terminate, bool Suspended, bool Started);

    private static Inbox Sort(OrchestrationWorkItem item)
    {
        var consumed = new List<long>();
        var fresh = new List<HistoryEvent>();
        var freshIds = new List<long>();
        ExecutionTerminated? terminate = null;
        var suspended = item.Status == OrchestrationStatus.Suspended;
        var holding = false; // once one message waits (suspended), later ones wait too, to keep order
        // History can hold suspend/resume turns from before a scheduled start, so look for the start itself.
        var started = item.History.Any(e => e is ExecutionStarted);
        // Before a scheduled start only control messages apply; events wait in the inbox for the start.
        var startable = started || item.Messages.Any(m => m.Event is ExecutionStarted && (m.ExecutionId is null || m.ExecutionId == item.ExecutionId));

        foreach (var message in item.Messages)
        {
            var stale = message.ExecutionId is not null && message.ExecutionId != item.ExecutionId;
            if (stale || terminate is not null || item.Status.IsTerminal())
            {
                consumed.Add(message.Id);
                continue;
            }
            switch (message.Event)
            {
                case ExecutionTerminated t:
                    terminate = t;
                    consumed.Add(message.Id);
                    break;
                case ExecutionSuspended s:
                    consumed.Add(message.Id);
                    if (!suspended)
                    {
                        suspended = true;
                        fresh.Add(s);
                        freshIds.Add(message.Id);
                    }
                    break;
                case ExecutionResumed r:
                    consumed.Add(message.Id);
                    if (suspended)
                    {
                        suspended = false;
                        fresh.Add(r);
                        freshIds.Add(message.Id);
                    }
                    break;
                case ExecutionStarted when started:
                    consumed.Add(message.Id); // a duplicate start of a running execution
                    break;
                default:
                    if (suspended || holding || !startable)
                    {
                        holding = true;
                        break;
                    }
                    started |= message.Event is ExecutionStarted;
                    consumed.Add(message.Id);
                    fresh.Add(message.Event);
                    freshIds.Add(message.Id);
                    break;
            }
        }
        return new Inbox(consumed, fresh, freshIds, terminate, suspended, started);
    }
}
