using System.Collections;
using System.Globalization;
using System.Reflection;
using EnforcementFlows.App.Api;
using EnforcementFlows.App.Email;
using EnforcementFlows.App.Functions;
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
public static class ConfigurationSummary
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
        (FunctionsOptions.Section, typeof(FunctionsOptions)),
        (DashboardOptions.Section, typeof(DashboardOptions)),
        ($"{EnforcementFlowsOptions.Section}:{Durable.DurableWorkerOptions.Section}", typeof(Durable.DurableWorkerOptions)),
        ($"{EnforcementFlowsOptions.Section}:{Durable.Worker.RetentionOptions.Section}", typeof(Durable.Worker.RetentionOptions)),
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

    private static void Walk(List<ConfigurationEntry> entries, string section, string key, object? value, bool secret, int depth)
    {
        if (secret && IsLeaf(value))
        {
            entries.Add(new(section, key, SecretMasking.SetOrNot(value)));
            return;
        }
        switch (value)
        {
            case null:
                entries.Add(new(section, key, "(not set)"));
                return;
            case string text:
                entries.Add(new(section, key, SecretMasking.IsConnectionStringKey(key) ? SecretMasking.ConnectionString(text) : SecretMasking.Url(text)));
                return;
            case IFormattable formattable when IsLeaf(value):
                entries.Add(new(section, key, formattable.ToString(null, CultureInfo.InvariantCulture)));
                return;
            case bool flag:
                entries.Add(new(section, key, flag ? "true" : "false"));
                return;
            case Uri uri:
                entries.Add(new(section, key, SecretMasking.Url(uri.ToString())));
                return;
        }
        if (depth >= MaxDepth)
        {
            return;
        }
        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry item in dictionary)
            {
                Walk(entries, section, Join(key, Convert.ToString(item.Key, CultureInfo.InvariantCulture)!), item.Value, secret, depth + 1);
            }
            return;
        }
        if (value is IEnumerable list)
        {
            var index = 0;
            foreach (var item in list)
            {
                Walk(entries, section, Join(key, (index++).ToString(CultureInfo.InvariantCulture)), item, secret, depth + 1);
            }
            if (index == 0)
            {
                entries.Add(new(section, key, "(none)"));
            }
            return;
        }
        if (value.GetType().Namespace?.StartsWith("EnforcementFlows", StringComparison.Ordinal) != true)
        {
            entries.Add(new(section, key, "(not shown)"));
            return;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            Walk(entries, section, Join(key, property.Name), property.GetValue(value), SecretMasking.IsSecretName(property.Name), depth + 1);
        }
    }

    // A secret-named list or dictionary masks its items; inside an object, each property's own name decides.

    /// <summary>A value shown (or masked) as a whole: text, numbers, times, flags, and lists of text (e.g. several secrets).</summary>
    private static bool IsLeaf(object? value)
        => value is null or string or bool or Enum or IFormattable || value is IEnumerable<string>;

    private static string Join(string key, string part) => key.Length == 0 ? part : key + ":" + part;
}
