using EnforcementFlows.Benchmarks;

// Benchmarks that print numbers (targets live here, not in timed unit tests).
// dotnet run -c Release --project tests/EnforcementFlows.Benchmarks -- durable [--workflows N] [--latency-samples N] [--postgres <connection string>]
// dotnet run -c Release --project tests/EnforcementFlows.Benchmarks -- sdk [--backends inmemory,azurite] [--orchestrations N] [--cases N] [--azurite-divisor N] [--partitions N] [--concurrency N]
// dotnet run -c Release --project tests/EnforcementFlows.Benchmarks -- service [--cases N] [--intake-requests N] [--concurrency 64,256] [--approvals N] [--parts cases,intake,intake-api,approval] [--postgres <cs>]
var suite = args.FirstOrDefault() ?? "durable";
switch (suite)
{
    case "durable":
        await DurableBenchmark.RunAsync(Options.Parse(args.Skip(1).ToArray()));
        return 0;
    case "service":
        await EnforcementFlows.Benchmarks.Service.ServiceBenchmark.RunAsync(EnforcementFlows.Benchmarks.Service.ServiceOptions.Parse(args.Skip(1).ToArray()));
        return 0;
    case "sdk":
        await EnforcementFlows.Benchmarks.Sdk.SdkBenchmark.RunAsync(args.Skip(1).ToArray());
        return 0;
    default:
        Console.Error.WriteLine($"unknown suite '{suite}'. Suites: durable, service, sdk");
        return 2;
}
