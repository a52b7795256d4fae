using System.Collections.Concurrent;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// Work items claimed from the database in one transaction: those not yet handed to a dispatcher,
/// and those handed out and not yet finished. One claim takes several, so the per-claim commit is
/// shared; only one fetcher claims at a time. On dispose every lock still held is given back.
/// </summary>
internal sealed class ClaimBuffer<T>(Func<T, string> key)
    where T : notnull
{
    private readonly ConcurrentQueue<T> _claimed = new();
    private readonly ConcurrentDictionary<string, T> _handedOut = new(StringComparer.Ordinal);

    public SemaphoreSlim ClaimGate { get; } = new(1, 1);

    public bool TryTake(out T item)
    {
        if (!_claimed.TryDequeue(out item!))
        {
            return false;
        }
        _handedOut[key(item)] = item;
        return true;
    }

    /// <summary>The work item's lock was given back or its work committed.</summary>
    public void Finished(T item) => _handedOut.TryRemove(key(item), out _);

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

    /// <summary>Every claim still held: not handed out, and handed out but never finished.</summary>
    public List<T> DrainAll()
    {
        var all = DrainUnhanded();
        foreach (var pair in _handedOut)
        {
            if (_handedOut.TryRemove(pair.Key, out var item))
            {
                all.Add(item);
            }
        }
        return all;
    }
}
