namespace EnforcementFlows.App.Dashboard.Metrics;

/// <summary>Signals received per signal bucket, per category (categories sorted by name).</summary>
public sealed record SignalCounts(IReadOnlyDictionary<string, long[]> ByCategory)
{
    public long Total => ByCategory.Values.Sum(v => v.Sum());
}

/// <summary>
/// Closed cases per bucket by who decided: the policy alone (automatic), a human approver, or nobody
/// because the approval deadline passed (the policy's timeout outcome applied).
/// </summary>
public sealed record DecisionShares(long[] Automatic, long[] Human, long[] DeadlinePassed)
{
    public long Total => Automatic.Sum() + Human.Sum() + DeadlinePassed.Sum();

    public double AutomaticShare => Total == 0 ? double.NaN : (double)Automatic.Sum() / Total;

    public double HumanShare => Total == 0 ? double.NaN : (double)Human.Sum() / Total;
}

/// <summary>Human decisions per bucket: approved, or not (rejected by an approver or dismissed by a reviewer).</summary>
public sealed record ApprovalRates(long[] Approved, long[] Rejected)
{
    public double Rate => Approved.Sum() + Rejected.Sum() is var n and > 0 ? (double)Approved.Sum() / n : double.NaN;

    public double RateAt(int i) => Approved[i] + Rejected[i] is var n and > 0 ? (double)Approved[i] / n : double.NaN;
}

/// <summary>
/// Actions applied per bucket, and how many of them were later reversed: lifted before their term
/// ended. An interim restriction replaced by the case's decided action is neither (it was superseded, not reversed).
/// </summary>
public sealed record ReversalRates(long[] Applied, long[] Reversed)
{
    public double Rate => Applied.Sum() is var n and > 0 ? (double)Reversed.Sum() / n : double.NaN;

    public double RateAt(int i) => Applied[i] > 0 ? (double)Reversed[i] / Applied[i] : double.NaN;
}

/// <summary>Cases waiting for a human decision, sampled at the end of each bucket (the last sample: now).</summary>
public sealed record QueueSeries(IReadOnlyList<DateTimeOffset> SampledAt, int[] Size, double[] OldestSeconds);

public sealed record SweepPoint(DateTimeOffset SweptAt, int AccountsSeen, int FlagsSeen, int CasesStarted);

public sealed record MetricsReport(MetricsWindow Window, SignalCounts Signals, DecisionShares Decisions, TimeToAction TimeToAction,
    ApprovalRates Approvals, ReversalRates Reversals, QueueSeries Queue, IReadOnlyList<SweepPoint> Sweeps);
