using System.Globalization;

namespace EnforcementFlows.App.Dashboard.Metrics;

/// <summary>
/// The period the metrics page covers, cut into equal buckets aligned to UTC hours or days; the last
/// bucket contains "now". Signals get hourly buckets up to a week, so "per hour" stays per hour.
/// </summary>
public sealed record MetricsWindow(string Name, DateTimeOffset From, TimeSpan Bucket, int Buckets, TimeSpan SignalBucket, DateTimeOffset Now)
{
    public static readonly string[] Names = ["24h", "7d", "30d"];

    public DateTimeOffset To => From + Bucket * Buckets;

    public long FromMs => From.ToUnixTimeMilliseconds();
    public long ToMs => To.ToUnixTimeMilliseconds();
    public long BucketMs => (long)Bucket.TotalMilliseconds;

    public int SignalBuckets => (int)(Bucket * Buckets / SignalBucket);
    public long SignalBucketMs => (long)SignalBucket.TotalMilliseconds;

    public static MetricsWindow Parse(string? name, DateTimeOffset now) => name switch
    {
        "7d" => Create("7d", now, TimeSpan.FromDays(1), 7, TimeSpan.FromHours(1)),
        "30d" => Create("30d", now, TimeSpan.FromDays(1), 30, TimeSpan.FromDays(1)),
        _ => Create("24h", now, TimeSpan.FromHours(1), 24, TimeSpan.FromHours(1)),
    };

    private static MetricsWindow Create(string name, DateTimeOffset now, TimeSpan bucket, int buckets, TimeSpan signalBucket)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var bucketMs = (long)bucket.TotalMilliseconds;
        var lastStart = ms - ms % bucketMs;
        return new MetricsWindow(name, DateTimeOffset.FromUnixTimeMilliseconds(lastStart) - bucket * (buckets - 1), bucket, buckets, signalBucket, now);
    }

    public DateTimeOffset BucketStart(int index) => From + Bucket * index;

    public IReadOnlyList<string> Labels() => LabelsFor(Bucket, Buckets);

    public IReadOnlyList<string> SignalLabels() => LabelsFor(SignalBucket, SignalBuckets);

    /// <summary>Index of the bucket holding <paramref name="ms"/>, or -1 outside the window.</summary>
    public int IndexOf(long ms) => ms < FromMs || ms >= ToMs ? -1 : (int)((ms - FromMs) / BucketMs);

    private IReadOnlyList<string> LabelsFor(TimeSpan bucket, int count)
        => Enumerable.Range(0, count).Select(i => Label(From + bucket * i, bucket)).ToList();

    private static string Label(DateTimeOffset start, TimeSpan bucket)
        => bucket >= TimeSpan.FromDays(1)
            ? start.ToString("MM-dd", CultureInfo.InvariantCulture)
            : start.Hour == 0 ? start.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture) : start.ToString("HH:mm", CultureInfo.InvariantCulture);
}
