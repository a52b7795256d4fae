namespace EnforcementFlows.Benchmarks.Service;

/// <param name="Postgres">Connection string of an existing server; without it the benchmark starts a private one from the installed binaries.</param>
/// <param name="Concurrency">Connection counts the intake parts measure, one after another, each with its own ceiling.</param>
/// <param name="Settings">Configuration every service process gets, from repeated <c>--set Key=Value</c> (for example
/// <c>--set EnforcementFlows:Durable:Worker:MaxConcurrentActivitiesUnderLoad=1</c>), for trying settings without rebuilding.</param>
/// <param name="Processes">Service process counts the PostgreSQL case rows run (default 1 and 2).</param>
/// <param name="WarmupCases">Cases per warm-up round: each fresh service works off rounds of them, not measured, until its JIT is idle (<see cref="TieredCompilation"/>).</param>
internal sealed record ServiceOptions(int Cases, int WarmupCases, int IntakeRequests, IReadOnlyList<int> Concurrency, int Approvals, string? Postgres, HashSet<string> Parts, HashSet<string> Stores,
    IReadOnlyDictionary<string, string> Settings, IReadOnlyList<int> Processes)
{
    public static ServiceOptions Parse(string[] args)
    {
        string? Get(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        return new ServiceOptions(
            int.Parse(Get("--cases") ?? "5000", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Get("--warmup-cases") ?? "3000", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Get("--intake-requests") ?? "20000", System.Globalization.CultureInfo.InvariantCulture),
            (Get("--concurrency") ?? "64,256").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            int.Parse(Get("--approvals") ?? "200", System.Globalization.CultureInfo.InvariantCulture),
            Get("--postgres"),
            (Get("--parts") ?? "cases,intake,intake-api,approval").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(),
            (Get("--stores") ?? "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(),
            args.Zip(args.Skip(1)).Where(p => p.First == "--set").Select(p => p.Second.Split('=', 2))
                .ToDictionary(kv => kv[0].Replace(":", "__", StringComparison.Ordinal), kv => kv.Length > 1 ? kv[1] : ""),
            (Get("--processes") ?? "1,2").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToList());
    }
}
