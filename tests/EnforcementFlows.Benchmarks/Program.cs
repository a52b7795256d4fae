// Benchmarks that print numbers (targets live here, not in timed unit tests).
// dotnet run -c Release --project tests/EnforcementFlows.Benchmarks -- sdk [--backends inmemory,azurite] [--orchestrations N] [--cases N] [--azurite-divisor N] [--partitions N] [--concurrency N]
// dotnet run -c Release --project tests/EnforcementFlows.Benchmarks -- service [--cases N] [--intake-requests N] [--concurrency 64,256] [--approvals N] [--parts cases,intake,intake-api,approval] [--stores sqlite,postgres] [--processes 1,2] [--postgres <cs>]
var suite = args.FirstOrDefault() ?? "sdk";
switch (suite)
{
    case "service":
        await EnforcementFlows.Benchmarks.Service.ServiceBenchmark.RunAsync(EnforcementFlows.Benchmarks.Service.ServiceOptions.Parse(args.Skip(1).ToArray()));
        return 0;
    case "sdk":
        await EnforcementFlows.Benchmarks.Sdk.SdkBenchmark.RunAsync(args.Skip(1).ToArray());
        return 0;
    default:
        Console.Error.WriteLine($"unknown suite '{suite}'. Suites: sdk, service");
        return 2;
}
