using System.Collections.Concurrent;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// Work items claimed from the database in one transaction but not yet handed to a dispatcher. One
/// claim takes several, so the per-claim commit is shared; only one fetcher claims at a time.
/// </summary>
internal sealed class ClaimBuffer<T>
{
    private readonly ConcurrentQueue<T> _claimed = new();

    public SemaphoreSlim ClaimGate { get; } = new(1, 1);

    public bool TryTake(out T item) => _claimed.TryDequeue(out item!);

    public void AddRange(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            _claimed.Enqueue(item);
        }
    }

    public List<T> DrainUnhanded()
    {
        var drained = new List<T>();
        while (_claimed.TryDequeue(out var item))
        {
            drained.Add(item);
        }
        return drained;
    }
}
