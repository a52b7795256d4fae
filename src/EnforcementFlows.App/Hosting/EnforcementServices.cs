using EnforcementFlows.Durable;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Hosting;

public static class EnforcementServices
{
    /// <summary>Everything the service needs: options validated at start, the durable runtime and its worker.</summary>
    public static WebApplicationBuilder AddEnforcementServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EnforcementFlowsOptions>()
            .BindConfiguration(EnforcementFlowsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Storage.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase),
                $"{EnforcementFlowsOptions.Section}:Storage:Provider must be 'Sqlite' (PostgreSQL support is not built yet).")
            .ValidateOnStart();
        builder.Services.AddProblemDetails();

        var options = builder.Configuration.GetSection(EnforcementFlowsOptions.Section).Get<EnforcementFlowsOptions>() ?? new EnforcementFlowsOptions();
        builder.Services.AddDurableTask(durable =>
        {
            durable.UseSqlite(o => o.DatabasePath = options.Storage.ConnectionString ?? options.DataPath("enforcementflows.db"));
            durable.AddWorker();
            durable.AddRetention();
        });
        builder.Services.AddOptions<DurableWorkerOptions>().BindConfiguration($"{EnforcementFlowsOptions.Section}:{DurableWorkerOptions.Section}");
        builder.Services.AddOptions<Durable.Worker.RetentionOptions>().BindConfiguration($"{EnforcementFlowsOptions.Section}:{Durable.Worker.RetentionOptions.Section}");
        return builder;
    }

    /// <summary>Tells a newcomer where the service listens and where its data is.</summary>
    public static void PrintStartupBanner(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<EnforcementFlowsOptions>>().Value;
            var urls = string.Join(", ", app.Urls);
            Console.WriteLine($"EnforcementFlows is running on {urls}");
            Console.WriteLine($"  data directory: {Path.GetFullPath(options.DataDirectory)}");
            Console.WriteLine($"  health: {app.Urls.FirstOrDefault()}/healthz   readiness: {app.Urls.FirstOrDefault()}/readyz");
        });
    }
}
