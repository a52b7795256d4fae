using System.Threading.RateLimiting;
using EnforcementFlows.App.Api;
using EnforcementFlows.App.Intake;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Approvals;
using Microsoft.Extensions.DependencyInjection.Extensions;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Scoring;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Scoring;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Hosting;

/// <summary>Configuration section "EnforcementFlows:Policy".</summary>
public sealed class PolicyOptions
{
    /// <summary>A JSON or YAML policy file; unset → the shipped default policy.</summary>
    public string? File { get; set; }
}

public static class EnforcementDomainServices
{
    public static void AddEnforcementDomain(this IServiceCollection services)
    {
        services.AddOptions<CaseOptions>().BindConfiguration(CaseOptions.Section)
            .Validate(o => o.CollectWindow >= TimeSpan.Zero, $"{CaseOptions.Section}:CollectWindow must not be negative.").ValidateOnStart();
        services.AddOptions<SweepOptions>().BindConfiguration(SweepOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero && o.Window > TimeSpan.Zero, $"{SweepOptions.Section}:Interval and Window must be positive.")
            .Validate(o => o.ImmediateThreshold is >= 0 and <= 1, $"{SweepOptions.Section}:ImmediateThreshold must be between 0 and 1.")
            .Validate(o => o.SweepThreshold > 0, $"{SweepOptions.Section}:SweepThreshold must be positive.")
            .ValidateOnStart();
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>();
        services.AddOptions<PolicyOptions>().BindConfiguration("EnforcementFlows:Policy");
        services.AddOptions<EnforcementGatewayOptions>().BindConfiguration(EnforcementGatewayOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EnforcementGatewayOptions>, EnforcementGatewayOptionsValidator>();
        services.AddSingleton(EnforcementGatewayOptions.Create);
        services.AddOptions<ApprovalLinkOptions>().BindConfiguration("EnforcementFlows")
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                "EnforcementFlows:PublicBaseUrl must be an absolute http(s) URL (approval links are built from it, never from the Host header).")
            .ValidateOnStart();
        services.AddOptions<ApprovalPageOptions>().BindConfiguration(ApprovalPageOptions.Section);
        services.AddAntiforgery();

        services.AddSingleton(sp => new PolicyEngine(LoadPolicy(sp.GetRequiredService<IOptions<PolicyOptions>>().Value)));
        services.AddSingleton(_ => new CaseScorer());
        services.AddSingleton(_ => TextScorer.LoadDefault());
        // Workflow starts and events are outbox rows committed with the facts they are about; a relay delivers them.
        services.AddSingleton<CaseWorkflowCommands>(sp => new OutboxCaseWorkflowCommands(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WorkflowOutbox>();
        services.AddSingleton<SignalIntake>();
        services.AddSingleton<AuditLedger>();
        services.AddSingleton<JobLeases>();
        services.AddSingleton<CaseQueries>();
        services.AddSingleton<IntakeSources>();
        services.AddSingleton<IntakeBatcher>();
        services.AddSingleton<IntakeHandler>();
        services.AddSingleton<AppealIntakeHandler>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<IntakeOptions>>().Value;
            return PartitionedRateLimiter.Create<string, string>(source => RateLimitPartition.GetTokenBucketLimiter(source, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = o.RateBurst,
                TokensPerPeriod = o.RatePerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        });
        // Before the durable worker starts (hosted services start in registration order).
        services.AddHostedService<EnforcementSchemaInitializer>();
    }

    private static EnforcementPolicy LoadPolicy(PolicyOptions options)
    {
        if (options.File is null)
        {
            return DefaultPolicy.Load();
        }
        if (!File.Exists(options.File))
        {
            throw new OptionsValidationException("EnforcementFlows:Policy:File", typeof(PolicyOptions),
                [$"EnforcementFlows:Policy:File: '{options.File}' does not exist."]);
        }
        var result = PolicyLoader.LoadFile(options.File);
        return result.Policy ?? throw new PolicyLoadException(result.Errors);
    }
}

/// <summary>Creates the enforcement tables and fails start with every policy problem listed.</summary>
internal sealed class EnforcementSchemaInitializer(IDomainDatabase store, PolicyEngine policy) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = policy.Policy.Hash; // resolving the engine loads and validates the policy now, not on the first case
        await EnforcementStorage.EnsureSchemaAsync(store, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
