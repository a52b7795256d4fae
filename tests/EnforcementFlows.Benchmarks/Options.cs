namespace EnforcementFlows.Benchmarks;

/// <param name="Postgres">Connection string: run on the PostgreSQL store (a fresh schema) instead of SQLite.</param>
internal sealed record Options(int Workflows, int LatencySamples, string Directory, bool FullDurability, string? Postgres)
{
    public static Options Parse(string[] args)
    {
        string? Get(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        return new Options(
            int.Parse(Get("--workflows") ?? "20000"),
            int.Parse(Get("--latency-samples") ?? "2000"),
            Get("--dir") ?? Path.Combine(Path.GetTempPath(), "ef-bench"),
            Get("--durability") != "normal",
            Get("--postgres"));
    }
}
