using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Workflows.Cases;

/// <summary>The signal ids a case instance has taken, in order, for dropping redelivered signals.</summary>
internal sealed class RecentSignals(IReadOnlyList<string>? earlier)
{
    private readonly List<string> order = [.. earlier ?? []];
    private readonly HashSet<string> ids = new(earlier ?? [], StringComparer.Ordinal);

    /// <summary>True the first time a signal is seen; false for a duplicate.</summary>
    public bool Take(SignalRef signal)
    {
        if (!ids.Add(signal.SignalId))
        {
            return false;
        }
        order.Add(signal.SignalId);
        return true;
    }

    public IReadOnlyList<string> Last(int count) => order.Count <= count ? order : order.GetRange(order.Count - count, count);
}
