using EnforcementFlows.Durable;
using EnforcementFlows.Durable.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A worker process for crash tests: runs the durable worker over a database until killed.
// Usage: EnforcementFlows.Durable.TestHost <durable.db | postgres:<connection string>> <effects.db>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: EnforcementFlows.Durable.TestHost <durable.db | postgres:<connection string>> <effects.db>");
    return 2;
}

var effects = new EffectLedger(args[1]);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(effects);
builder.Services.AddDurableTask(d =>
{
    const string postgres = "postgres:";
    if (args[0].StartsWith(postgres, StringComparison.Ordinal))
    {
        d.UsePostgres(o => o.ConnectionString = args[0][postgres.Length..]);
    }
    else
    {
        d.UseSqlite(o => o.DatabasePath = args[0]);
    }
    CrashWorkflow.Register(d.Registry);
    d.AddWorker(o =>
    {
        // Short leases so work held by a killed predecessor is reclaimed quickly.
        o.OrchestrationLease = TimeSpan.FromSeconds(1);
        o.ActivityLease = TimeSpan.FromSeconds(1);
        o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
        o.MaxConcurrentActivities = 32;
    });
});
using var host = builder.Build();
Console.WriteLine("worker ready");
await host.RunAsync();
return 0;
