using EnforcementFlows.App.Api;
using EnforcementFlows.App.Dashboard;
using EnforcementFlows.App.Dashboard.Metrics;
using EnforcementFlows.App.Email;
using EnforcementFlows.App.Security;
using EnforcementFlows.App.Transparency;
using EnforcementFlows.App.Workflows;
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

        var options = builder.Services.AddEnforcementOptions(builder.Configuration);
        builder.Services.AddSingleton(_ => FirstRunSecrets.LoadOrCreate(options.DataPath(FirstRunSecrets.FileName)));
        builder.Services.AddEnforcementDataProtection(options, builder.Configuration);

        LoggingCaps.Apply(builder);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemMapping>();
        builder.Services.AddOpenApi();
        builder.Services.AddApiKeyAuthentication(options);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AtLeastAnalyst, p => p.RequireRole(Roles.Analyst))
            .AddPolicy(Roles.AtLeastApprover, p => p.RequireRole(Roles.Approver))
            .AddPolicy(Roles.AdminOnly, p => p.RequireRole(Roles.Admin));

        builder.Services.AddDashboard();
        builder.Services.AddDashboardMetricsAndOperations();
        builder.Services.AddEnforcementDomain();
        builder.Services.AddDsa(builder.Configuration);
        // After the domain: its schema initializer starts first.
        builder.Services.AddWorkflowEngine();
        builder.Services.AddAuditArchive(builder.Configuration);
        builder.Services.AddApprovalEmail();
        builder.Services.AddEnforcementDatabase(options);
        return builder;
    }

    /// <summary>
    /// API keys ("Authorization: Bearer" or "X-Api-Key"): the configured hashes (validated at start), the first-run admin
    /// key and the stored keys. Shared with the Functions app, which authenticates its API triggers with the same scheme.
    /// </summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, EnforcementFlowsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddOptions<ApiKeyOptions>().BindConfiguration(EnforcementFlowsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        services.AddSingleton(_ => new StoredApiKeys(options.DataPath(StoredApiKeys.FileName)));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        return services;
    }

    /// <summary>
    /// Data protection keys: anti-forgery tokens must survive restarts (a page opened before a restart can still be
    /// submitted after it), and every instance of a scaled-out host must read the same keys. In the data directory,
    /// or in a Blob container with EnforcementFlows:KeyRing (hosts without a shared file system).
    /// </summary>
    public static IServiceCollection AddEnforcementDataProtection(this IServiceCollection services, EnforcementFlowsOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = services.AddDataProtection().SetApplicationName("EnforcementFlows");
        services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section);
        var ring = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (ring.Problem() is { } problem)
        {
            throw new OptionsValidationException(KeyRingOptions.Section, typeof(KeyRingOptions), [problem]);
        }
        if (ring.IsEnabled)
        {
            var repository = new BlobKeyRing(ring.CreateClient());
            services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlRepository = repository);
        }
        else
        {
            builder.PersistKeysToFileSystem(new DirectoryInfo(options.DataPath("keys")));
        }
        return services;
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
        app.MapStatementsApi();
        app.MapTransparencyApi();
        app.MapAppealsApi();
        app.MapApprovalPages();
        app.MapDashboard();
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
