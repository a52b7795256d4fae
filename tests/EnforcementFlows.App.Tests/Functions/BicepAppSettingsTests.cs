using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using EnforcementFlows.App.Api;
using EnforcementFlows.App.Email;
using EnforcementFlows.App.Hosting;
using EnforcementFlows.App.Intake;
using EnforcementFlows.App.Security;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Approvals;
using EnforcementFlows.Enforcement.Workflows;

namespace EnforcementFlows.App.Tests.Functions;

/// <summary>
/// No Bicep compiler here, so the templates are checked as text: every EnforcementFlows__ app
/// setting they set must be a key the app binds (a typo would be silently ignored at run time),
/// and the settings the app needs in Azure must be there.
/// </summary>
public sealed partial class BicepAppSettingsTests
{
    /// <summary>Each options class with the configuration section it is bound to (as in EnforcementServices / EnforcementDomainServices).</summary>
    private static readonly (Type Options, string Section)[] Bound =
    [
        (typeof(EnforcementFlowsOptions), EnforcementFlowsOptions.Section),
        (typeof(ApiKeyOptions), EnforcementFlowsOptions.Section),
        (typeof(IntakeOptions), IntakeOptions.Section),
        (typeof(EnforcementGatewayOptions), EnforcementGatewayOptions.Section),
        (typeof(PolicyOptions), "EnforcementFlows:Policy"),
        (typeof(CaseOptions), CaseOptions.Section),
        (typeof(SweepOptions), SweepOptions.Section),
        (typeof(EmailOptions), EmailOptions.Section),
        (typeof(ApprovalPageOptions), ApprovalPageOptions.Section),
        (typeof(ApprovalLinkOptions), EnforcementFlowsOptions.Section),
        (typeof(App.Workflows.WorkflowEngineOptions), App.Workflows.WorkflowEngineOptions.Section),
        (typeof(App.Dashboard.DashboardOptions), App.Dashboard.DashboardOptions.Section),
        (typeof(AuditArchiveOptions), AuditArchiveOptions.Section),
        (typeof(KeyRingOptions), KeyRingOptions.Section),
    ];

    [Fact]
    public void Every_app_setting_in_the_bicep_is_a_key_the_app_binds()
    {
        var known = Bound.SelectMany(b => Keys(b.Options, b.Section.Split(':'))).ToList();
        var settings = BicepSettings();
        Assert.NotEmpty(settings);
        foreach (var setting in settings)
        {
            Assert.True(known.Any(k => Matches(k, setting)), $"Bicep sets '{string.Join("__", setting)}', which no options class binds.");
        }
    }

    [Fact]
    public void Bicep_sets_the_settings_the_app_needs_in_azure()
    {
        var settings = BicepSettings().Select(s => string.Join(":", s)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.True(settings.Contains("EnforcementFlows:DataDirectory") || settings.Contains("EnforcementFlows:Storage:ConnectionString"),
            "Neither DataDirectory nor Storage:ConnectionString is set.");
        Assert.Contains("EnforcementFlows:PublicBaseUrl", settings);
        if (settings.Contains("EnforcementFlows:Enforcement:WebhookUrl"))
        {
            Assert.Contains("EnforcementFlows:Enforcement:WebhookSecret", settings);
        }
        if (settings.Contains("EnforcementFlows:AuditArchive:ServiceUri"))
        {
            Assert.Contains("EnforcementFlows:AuditArchive:Container", settings);
            Assert.DoesNotContain("EnforcementFlows:AuditArchive:ConnectionString", settings); // managed identity in Azure, no key
        }
        if (settings.Contains("EnforcementFlows:Email:UserName"))
        {
            Assert.Contains("EnforcementFlows:Email:Password", settings);
        }
    }

    [Fact]
    public void Known_keys_reflect_nested_lists_and_dictionaries()
    {
        var known = Bound.SelectMany(b => Keys(b.Options, b.Section.Split(':'))).Select(k => string.Join(":", k)).ToList();
        Assert.Contains("EnforcementFlows:Intake:Sources:*:Secrets:*", known);
        Assert.Contains("EnforcementFlows:ApiKeys:*:KeySha256", known);
        Assert.Contains("EnforcementFlows:Storage:Provider", known);
        Assert.Contains("EnforcementFlows:Workflows:TaskHub:HubName", known);
        Assert.Contains("EnforcementFlows:AuditArchive:SegmentMaxAge", known);
        Assert.DoesNotContain("EnforcementFlows:AuditArchive:IsEnabled", known); // computed, not bound
        Assert.DoesNotContain("EnforcementFlows:Email:UsesSmtp", known); // computed, not bound
    }

    /// <summary>`name: 'EnforcementFlows__A__B'` entries of every template; interpolations (${...}) and list indexes become "*".</summary>
    private static List<string[]> BicepSettings()
    {
        var bicep = Path.Combine(RepositoryRoot.Path, "bicep");
        return Directory.EnumerateFiles(bicep, "*.bicep", SearchOption.AllDirectories)
            .SelectMany(f => SettingName().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Select(n => Interpolation().Replace(n, "*").Split("__").Select(s => s.All(char.IsAsciiDigit) ? "*" : s).ToArray())
            .ToList();
    }

    private static bool Matches(string[] known, string[] setting)
        => known.Length == setting.Length && known.Zip(setting).All(p => p.First == "*" || p.Second == "*" || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));

    /// <summary>The keys a configuration binder would read for <paramref name="type"/>: settable properties, "*" for list indexes and dictionary keys.</summary>
    private static IEnumerable<string[]> Keys(Type type, string[] prefix)
    {
        if (IsLeaf(type))
        {
            yield return prefix;
            yield break;
        }
        var dictionary = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        if (dictionary is not null)
        {
            foreach (var key in Keys(dictionary.GetGenericArguments()[1], [.. prefix, "*"]))
            {
                yield return key;
            }
            yield break;
        }
        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            foreach (var key in Keys(element, [.. prefix, "*"]))
            {
                yield return key;
            }
            yield break;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            foreach (var key in Keys(property.PropertyType, [.. prefix, property.Name]))
            {
                yield return key;
            }
        }
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri)
            || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(Guid);
    }

    [GeneratedRegex(@"name:\s*'(EnforcementFlows__[^']*)'")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex Interpolation();
}
