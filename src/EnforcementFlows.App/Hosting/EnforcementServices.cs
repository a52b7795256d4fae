using EnforcementFlows.App.Api;
using EnforcementFlows.App.Dashboard;
using EnforcementFlows.App.Dashboard.Metrics;
using EnforcementFlows.App.Email;
using EnforcementFlows.App.Functions;
using EnforcementFlows.App.Security;
using EnforcementFlows.App.Workflows;
using EnforcementFlows.Durable;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Hosting;

public static class EnforcementServices
{
    /// <summary>Everything the service needs: options validated at start, security, the durable runtime and its worker.</summary>
    public static WebApplicationBuilder AddEnforcementServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EnforcementFlowsOptions>()
            .BindConfiguration(EnforcementFlowsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Storage.IsSqlite || o.Storage.IsPostgres,
                $"{EnforcementFlowsOptions.Section}:Storage:Provider must be 'Sqlite' (embedded default) or 'Postgres'.")
            .ValidateOnStart();
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration(EnforcementFlowsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        builder.Services.AddOptions<FunctionsOptions>().BindConfiguration(FunctionsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FunctionsOptions>, FunctionsOptionsValidator>();

        var options = builder.Configuration.GetSection(EnforcementFlowsOptions.Section).Get<EnforcementFlowsOptions>() ?? new EnforcementFlowsOptions();
        // The PostgreSQL store is built from these before start-up validation runs: checked here, naming the service's keys.
        if (options.Storage.IsPostgres && string.IsNullOrWhiteSpace(options.Storage.ConnectionString))
        {
            throw new OptionsValidationException($"{EnforcementFlowsOptions.Section}:Storage:ConnectionString", typeof(EnforcementFlowsOptions),
                [$"{EnforcementFlowsOptions.Section}:Storage:ConnectionString must be set when Storage:Provider is 'Postgres' (an Npgsql connection string)."]);
        }
        if (options.Storage.IsPostgres && options.Storage.WriterConnections is < 1 or > 8)
        {
            throw new OptionsValidationException($"{EnforcementFlowsOptions.Section}:Storage:WriterConnections", typeof(EnforcementFlowsOptions),
                [$"{EnforcementFlowsOptions.Section}:Storage:WriterConnections must be between 1 and 8 (got {options.Storage.WriterConnections})."]);
        }
        builder.Services.AddSingleton(_ => FirstRunSecrets.LoadOrCreate(options.DataPath(FirstRunSecrets.FileName)));
        builder.Services.AddSingleton(_ => new StoredApiKeys(options.DataPath(StoredApiKeys.FileName)));
        // Anti-forgery tokens must survive restarts (a page opened before a restart can still be submitted after it).
        builder.Services.AddDataProtection().SetApplicationName("EnforcementFlows").PersistKeysToFileSystem(new DirectoryInfo(options.DataPath("keys")));

        LoggingCaps.Apply(builder);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemMapping>();
        builder.Services.AddOpenApi();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AtLeastAnalyst, p => p.RequireRole(Roles.Analyst))
            .AddPolicy(Roles.AtLeastApprover, p => p.RequireRole(Roles.Approver))
            .AddPolicy(Roles.AdminOnly, p => p.RequireRole(Roles.Admin));

        builder.Services.AddDashboard();
        builder.Services.AddDashboardMetricsAndOperations();
        builder.Services.AddEnforcementDomain();
        // After the domain: its schema initializer starts first, and the engine replaces the legacy workflow commands.
        builder.Services.AddWorkflowEngine(builder.Configuration);
        builder.Services.AddAuditArchive(builder.Configuration);
        builder.Services.AddApprovalEmail();
        builder.Services.AddDurableTask(durable =>
        {
            durable.Registry.AddEnforcementWorkflows();
            if (options.Storage.IsPostgres)
            {
                durable.UsePostgres(o =>
                {
                    o.ConnectionString = options.Storage.ConnectionString ?? "";
                    o.Schema = options.Storage.Schema;
                    o.WriterConnections = options.Storage.WriterConnections;
                });
            }
            else
            {
                durable.UseSqlite(o => o.DatabasePath = options.Storage.ConnectionString ?? options.DataPath("enforcementflows.db"));
            }
            // Case activities mostly wait for the group commit they joined: 256 at once completed about a quarter
            // more cases/s than the runtime's 64 (docs/benchmarks.md). Intake keeps its speed because the worker
            // drops to MaxConcurrentActivitiesUnderLoad while senders are waiting (ForegroundLoad).
            durable.AddWorker(o => o.MaxConcurrentActivities = 256);
            durable.AddRetention();
        });
        builder.Services.AddOptions<DurableWorkerOptions>().BindConfiguration($"{EnforcementFlowsOptions.Section}:{DurableWorkerOptions.Section}");
        builder.Services.AddOptions<Durable.Worker.RetentionOptions>().BindConfiguration($"{EnforcementFlowsOptions.Section}:{Durable.Worker.RetentionOptions.Section}");
        return builder;
    }

    /// <summary>Middleware and endpoints, in order.</summary>
    public static WebApplication UseEnforcementPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDashboardSecurityHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapHealthApi();
        app.MapInstancesApi();
        app.MapIntakeApi();
        app.MapCasesApi();
        app.MapApprovalPages();
        app.MapDashboard();
        if (FunctionsOptions.IsEnabled(app.Configuration))
        {
            app.MapCustomHandlerInvocations();
        }
        return app;
    }

    /// <summary>Tells a newcomer where the service listens, where its data is, and (once) the admin key.</summary>
    public static void PrintStartupBanner(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<EnforcementFlowsOptions>>().Value;
            var secrets = app.Services.GetRequiredService<FirstRunSecrets>();
            var url = app.Urls.FirstOrDefault() ?? "";
            Console.WriteLine($"EnforcementFlows is running on {string.Join(", ", app.Urls)}");
            Console.WriteLine($"  data directory: {Path.GetFullPath(options.DataDirectory)}");
            Console.WriteLine($"  health: {url}/healthz   readiness: {url}/readyz   OpenAPI: {url}/openapi/v1.json");
            var dashboard = app.Services.GetRequiredService<IOptions<Dashboard.DashboardOptions>>().Value;
            Console.WriteLine(dashboard.DevelopmentSignInEffective
                ? $"  review dashboard: {url}/dashboard (development sign-in is ON: anyone who can reach this port can sign in)"
                : $"  review dashboard: {url}/dashboard (sign-in through App Service authentication; for a local trial start with --environment Development)");
            StartupBanner.PrintCredentials(secrets, Console.IsOutputRedirected);
            Console.WriteLine("  send a first signed report (from another terminal, in the repository root):");
            Console.WriteLine("    ./efctl webhook send samples/report.json");
            Console.WriteLine($"  then look at it: . {secrets.CredentialsPath} && curl -H \"Authorization: Bearer ${FirstRunCredentials.AdminKeyVariable}\" {url}/api/accounts/acct-demo-1");
        });
    }
}
