using EnforcementFlows.App.Api;
using EnforcementFlows.App.Email;
using EnforcementFlows.App.Hosting;
using EnforcementFlows.App.Intake;
using EnforcementFlows.App.Security;
using EnforcementFlows.Enforcement.Approvals;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>One configuration value as the operations page shows it.</summary>
public sealed record ConfigurationEntry(string Section, string Key, string Display);

/// <summary>
/// The bound options, walked by reflection so a new setting appears without a change here. Anything
/// whose name says secret, password, token, key or credential is shown only as "set"/"not set"; connection
/// strings lose their passwords and URLs their user info and query values (<see cref="SecretMasking"/>).
/// </summary>
public static partial class ConfigurationSummary
{
    private const int MaxDepth = 4;

    /// <summary>Every options class the service binds, with the section it is bound from.</summary>
    public static readonly (string Section, Type Type)[] Sections =
    [
        (EnforcementFlowsOptions.Section, typeof(EnforcementFlowsOptions)),
        (EnforcementFlowsOptions.Section, typeof(ApprovalLinkOptions)),
        (EnforcementFlowsOptions.Section, typeof(ApiKeyOptions)),
        (IntakeOptions.Section, typeof(IntakeOptions)),
        (EnforcementGatewayOptions.Section, typeof(EnforcementGatewayOptions)),
        (EmailOptions.Section, typeof(EmailOptions)),
        (ApprovalPageOptions.Section, typeof(ApprovalPageOptions)),
        ("EnforcementFlows:Policy", typeof(PolicyOptions)),
        (CaseOptions.Section, typeof(CaseOptions)),
        (SweepOptions.Section, typeof(SweepOptions)),
        (DashboardOptions.Section, typeof(DashboardOptions)),
        (Workflows.WorkflowEngineOptions.Section, typeof(Workflows.WorkflowEngineOptions)),
    ];

    public static IReadOnlyList<ConfigurationEntry> From(IServiceProvider services)
    {
        var entries = new List<ConfigurationEntry>();
        foreach (var (section, type) in Sections)
        {
            var optionsType = typeof(IOptions<>).MakeGenericType(type);
            if (services.GetService(optionsType) is { } options && optionsType.GetProperty("Value")!.GetValue(options) is { } value)
            {
                Walk(entries, section, "", value, secret: false, depth: 0);
            }
        }
        return entries;
    }

    /// <summary>The entries of one options object (for tests and callers outside DI).</summary>
    public static IReadOnlyList<ConfigurationEntry> Of(string section, object options)
    {
        var entries = new List<ConfigurationEntry>();
        Walk(entries, section, "", options, secret: false, depth: 0);
        return entries;
    }
}
