using System.Diagnostics;

namespace EnforcementFlows.Benchmarks.Service;

/// <summary>Sends prepared requests with a fixed number of connections in flight; records each latency.</summary>
internal static class LoadGenerator
{
    public sealed record Result(int Sent, int Accepted, int Other, double Seconds, double[] LatenciesMs)
    {
        public double PerSecond => Accepted / Seconds;
        public double P50 => Percentile(0.50);
        public double P99 => Percentile(0.99);

        private double Percentile(double p)
        {
            var sorted = LatenciesMs.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        }
    }

    public static async Task<Result> RunAsync(HttpClient client, IReadOnlyList<Func<HttpRequestMessage>> requests, int concurrency, Func<int, bool> accepted)
    {
        var latencies = new double[requests.Count];
        var next = -1;
        var ok = 0;
        var other = 0;
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Count)
            {
                using var request = requests[i]();
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Interlocked.Increment(ref accepted((int)response.StatusCode) ? ref ok : ref other);
            }
        });
        await Task.WhenAll(loops);
        return new Result(requests.Count, ok, other, clock.Elapsed.TotalSeconds, latencies);
    }
}
