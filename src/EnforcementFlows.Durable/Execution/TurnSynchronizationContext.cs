using System.Collections.Concurrent;

namespace EnforcementFlows.Durable.Execution;

/// <summary>
/// Queues orchestrator continuations so they run on the replaying thread, one event at a time,
/// in a deterministic order: the executor drains the queue after each history event.
/// </summary>
internal sealed class TurnSynchronizationContext : SynchronizationContext
{
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();

    public override void Post(SendOrPostCallback d, object? state) => _queue.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    public void Drain()
    {
        while (_queue.TryDequeue(out var work))
        {
            work.Callback(work.State);
        }
    }
}
