using System.Net;
using System.Net.Sockets;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests.FirstRun;

/// <summary>`demo --count N` tells its story: whether development sign-in is on (never in Production), progress, and a tally at the end.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_turns_development_sign_in_on_says_so_and_ends_with_a_tally()
    {
        var run = await RunDemoAsync(environment: null);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("demo: development sign-in is ON (Development environment)", run.Output);
        Assert.Contains("demo: so far 10 signals sent; cases:", run.Output);
        var tally = run.Output[run.Output.IndexOf("demo: tally", StringComparison.Ordinal)..];
        Assert.Matches(@"signals sent:\s+12", tally);
        // Cases were decided within the settle time: at least one outcome other than still collecting.
        Assert.Matches(@"cases by outcome:\s+.*(dismissed|enforced|awaiting_approval) [1-9]", tally);
        Assert.Matches(@"actions applied:\s+\d+", tally);
        Assert.Matches(@"approvals waiting:\s+\d+", tally);
        Assert.Matches(@"dashboard:\s+http://127\.0\.0\.1:\d+/dashboard", tally);
    }

    [Fact]
    public async Task In_a_production_environment_the_demo_keeps_development_sign_in_off_even_when_configured_on()
    {
        var run = await RunDemoAsync("Production", ("EnforcementFlows__Dashboard__EnableDevelopmentSignIn", "true"));

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("demo: development sign-in is OFF (Production environment)", run.Output);
        Assert.DoesNotContain("development sign-in is ON", run.Output);
        Assert.Contains("demo: tally", run.Output);
    }

    private static Task<AppCli.Run> RunDemoAsync(string? environment, params (string Key, string Value)[] settings)
    {
        var env = new Dictionary<string, string>
        {
            ["EnforcementFlows__DataDirectory"] = Path.Combine(Path.GetTempPath(), "ef-demo-" + Guid.NewGuid().ToString("N")),
            ["Urls"] = $"http://127.0.0.1:{FreePort()}",
        };
        if (environment is not null)
        {
            env["ASPNETCORE_ENVIRONMENT"] = environment;
        }
        foreach (var (key, value) in settings)
        {
            env[key] = value;
        }
        return AppCli.RunAsync(env, "demo", "--count", "12");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
