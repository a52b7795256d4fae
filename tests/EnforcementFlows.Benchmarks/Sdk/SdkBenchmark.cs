using System.Globalization;

namespace EnforcementFlows.Benchmarks.Sdk;

/// <summary>
/// The SDK engine's benchmark (issue 18): on each backend, (a) no-op 4-activity orchestrations/s and (b) auto-enforced
/// cases/s on the same kind of task hub, the ratio b/a and intake acknowledgements/s. (The legacy runtime's figures, measured
/// in the same runs before it was removed, are in docs/benchmarks.md.)
/// </summary>
internal static class SdkBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var backends = Arg(args, "--backends", "sqlite,inmemory,azurite").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var orchestrations = int.Parse(Arg(args, "--orchestrations", "2000"), CultureInfo.InvariantCulture);
        var cases = int.Parse(Arg(args, "--cases", "1000"), CultureInfo.InvariantCulture);
        var azuriteScale = int.Parse(Arg(args, "--azurite-divisor", "20"), CultureInfo.InvariantCulture);
        var partitions = int.Parse(Arg(args, "--partitions", "4"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Arg(args, "--concurrency", "100"), CultureInfo.InvariantCulture);
        Console.WriteLine($"sdk benchmark: {Environment.ProcessorCount} cores, {orchestrations} no-op orchestrations and {cases} cases per backend " +
            $"(Azurite: divided by {azuriteScale}), {partitions} partitions, concurrency {concurrency}");

        foreach (var name in backends)
        {
            await using var backend = await SdkBackend.StartAsync(name, partitions);
            var divisor = name == "azurite" ? azuriteScale : 1;
            Console.WriteLine($"{name}: warming up, then measuring");
            await NoOpOrchestrations.RunAsync(backend, Math.Max(10, orchestrations / divisor / 10), concurrency);
            var noop = await NoOpOrchestrations.RunAsync(backend, orchestrations / divisor, concurrency);
            await CaseThroughput.RunAsync(backend, Math.Max(10, cases / divisor / 10), concurrency);
            var numbers = await CaseThroughput.RunAsync(backend, cases / divisor, concurrency);
            Print(name, noop, numbers);
        }
    }

    private static void Print(string name, double? noop, CaseNumbers n)
    {
        var ratio = noop is { } a ? $"   b/a {n.CasesPerSecond / a:P0}" : "";
        var baseline = noop is { } x ? $"(a) no-op orchestrations/s {x,8:F1}   " : "";
        Console.WriteLine($"  {name,-9} {baseline}(b) cases/s {n.CasesPerSecond,8:F1}{ratio}   intake acks/s {n.IntakePerSecond,8:F0}   " +
            $"signal->action p50 {n.P50Ms:F0} ms p99 {n.P99Ms:F0} ms");
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
