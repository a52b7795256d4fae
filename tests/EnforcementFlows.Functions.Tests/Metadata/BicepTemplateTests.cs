using System.Text.RegularExpressions;
using EnforcementFlows.App.Api;
using EnforcementFlows.App.Email;
using EnforcementFlows.App.Hosting;
using EnforcementFlows.App.Intake;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Functions.Hosting;
using EnforcementFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Functions.Tests.Metadata;

/// <summary>
/// No Bicep compiler here, so the templates are read as text: each declares the resource types and API versions it
/// claims, its braces and brackets balance, its modules exist, the Function App is dotnet-isolated 10.0 on Flex
/// Consumption with identity-based host storage and no key, and every setting the Functions app reads is set.
/// (tests/EnforcementFlows.App.Tests/Functions/BicepAppSettingsTests.cs checks each EnforcementFlows__ name is bound.)
/// </summary>
public sealed partial class BicepTemplateTests
{
    private static readonly string Bicep = Path.Combine(BuildPaths.RepositoryRoot, "bicep");

    private static string Read(string relative) => File.ReadAllText(Path.Combine(Bicep, relative));

    private static IEnumerable<string> Templates() => Directory.EnumerateFiles(Bicep, "*.bicep", SearchOption.AllDirectories);

    /// <summary>What each template claims to deploy (or reference): resource type and API version.</summary>
    public static TheoryData<string, string[]> Claims => new()
    {
        { "modules/functionapp.bicep", ["Microsoft.Storage/storageAccounts@2023-05-01", "Microsoft.Web/serverfarms@2024-04-01", "Microsoft.Web/sites@2024-04-01"] },
        { "modules/auth.bicep", ["Microsoft.Web/sites@2024-04-01", "Microsoft.Web/sites/config@2024-04-01"] },
        { "modules/storage.bicep", ["Microsoft.Storage/storageAccounts@2023-05-01", "Microsoft.Storage/storageAccounts/blobServices@2023-05-01",
            "Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01", "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01"] },
        { "modules/storage-roles.bicep", ["Microsoft.Storage/storageAccounts@2023-05-01", "Microsoft.Authorization/roleAssignments@2022-04-01"] },
        { "modules/keyvault.bicep", ["Microsoft.KeyVault/vaults@2023-07-01", "Microsoft.KeyVault/vaults/secrets@2023-07-01"] },
        { "modules/keyvault-access.bicep", ["Microsoft.KeyVault/vaults@2023-07-01", "Microsoft.Authorization/roleAssignments@2022-04-01"] },
        { "modules/monitoring.bicep", ["Microsoft.OperationalInsights/workspaces@2023-09-01", "Microsoft.Insights/components@2020-02-02"] },
        { "modules/postgres.bicep", ["Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01", "Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01",
            "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01"] },
        { "modules/email.bicep", ["Microsoft.Communication/emailServices@2023-04-01", "Microsoft.Communication/emailServices/domains@2023-04-01",
            "Microsoft.Communication/communicationServices@2023-04-01"] },
    };

    [Theory]
    [MemberData(nameof(Claims))]
    public void Each_template_declares_the_resource_types_and_api_versions_it_claims(string template, string[] claimed)
    {
        var declared = Resource().Matches(Read(template)).Select(m => m.Groups[1].Value).Distinct().Order();
        Assert.Equal(claimed.Order(), declared);
    }

    [Fact]
    public void Every_template_is_covered_and_every_resource_reference_is_well_formed()
    {
        var files = Templates().Select(f => Path.GetRelativePath(Bicep, f).Replace('\\', '/')).Where(f => f != "main.bicep").Order();
        Assert.Equal(Claims.Select(row => (string)row[0]).Order(), files);
        foreach (var file in Templates())
        {
            foreach (Match m in ResourceLine().Matches(File.ReadAllText(file)))
            {
                Assert.Matches(TypeAndVersion(), m.Groups[1].Value);
            }
        }
    }

    [Fact]
    public void Every_template_balances_its_braces_brackets_and_parentheses_outside_strings_and_comments()
    {
        foreach (var file in Templates())
        {
            var stack = new Stack<char>();
            var text = File.ReadAllText(file);
            var inString = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (!inString && c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    i = text.IndexOf('\n', i) is var end and >= 0 ? end : text.Length;
                    continue;
                }
                if (c == '\'' && (!inString || text[i - 1] != '\\'))
                {
                    inString = !inString;
                    continue;
                }
                if (inString)
                {
                    continue;
                }
                if (c is '{' or '[' or '(')
                {
                    stack.Push(c);
                }
                else if (c is '}' or ']' or ')')
                {
                    Assert.True(stack.Count > 0, $"{file}: unmatched '{c}' at {i}");
                    Assert.Equal(c switch { '}' => '{', ']' => '[', _ => '(' }, stack.Pop());
                }
            }
            Assert.False(inString, $"{file}: unterminated string");
            Assert.Empty(stack);
        }
    }

    [Fact]
    public void Every_module_main_uses_exists()
    {
        var modules = Module().Matches(Read("main.bicep")).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("modules/functionapp.bicep", modules);
        Assert.Contains("modules/storage-roles.bicep", modules);
        Assert.Contains("modules/auth.bicep", modules);
        foreach (var module in modules)
        {
            Assert.True(File.Exists(Path.Combine(Bicep, module)), $"main.bicep uses {module}, which does not exist");
        }
    }

    [Fact]
    public void The_function_app_is_dotnet_isolated_10_on_flex_consumption_with_identity_based_host_storage()
    {
        var app = Read("modules/functionapp.bicep");
        Assert.Contains("tier: 'FlexConsumption'", app);
        Assert.Contains("name: 'FC1'", app);
        Assert.Matches(@"runtime:\s*\{\s*name:\s*'dotnet-isolated'\s*version:\s*'10.0'\s*\}", app);
        Assert.Contains("kind: 'functionapp,linux'", app);
        Assert.Contains("identity: { type: 'SystemAssigned' }", app);
        Assert.Contains("authentication: { type: 'SystemAssignedIdentity' }", app);
        Assert.Contains("{ name: 'AzureWebJobsStorage__accountName', value: storage.name }", app);
        // Flex takes the runtime from functionAppConfig and refuses these as app settings.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", app);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", app);
        var storage = Read("modules/storage.bicep");
        Assert.Contains("allowSharedKeyAccess: false", storage);
        // The Durable Task hub's queues, tables and blobs, and the host's blobs.
        var roles = Read("modules/storage-roles.bicep");
        foreach (var role in new[] { "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" })
        {
            Assert.Contains(role, roles);
        }
    }

    [Fact]
    public void No_template_reads_or_writes_a_storage_key_or_connection_string()
    {
        foreach (var file in Templates())
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("listKeys(", text);
            Assert.DoesNotContain("AccountKey=", text);
            Assert.DoesNotContain("'AzureWebJobsStorage'", text);
            Assert.DoesNotContain("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", text);
        }
    }

    [Fact]
    public void Secrets_reach_the_app_only_as_key_vault_references()
    {
        var settings = Settings();
        foreach (var secret in new[] { "EnforcementFlows__Enforcement__WebhookSecret", "EnforcementFlows__Storage__ConnectionString", "EnforcementFlows__Email__Password",
                     "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET" })
        {
            Assert.StartsWith("@Microsoft.KeyVault(SecretUri=${secretsBase}", settings[secret]);
        }
        Assert.StartsWith("@Microsoft.KeyVault(SecretUri=${secretsBase}intake-", settings["EnforcementFlows__Intake__Sources__${source}__Secrets__0"]);
    }

    [Fact]
    public void App_service_authentication_protects_the_pages_and_leaves_the_self_authenticating_routes_out()
    {
        var auth = Read("modules/auth.bicep");
        Assert.Contains("name: 'authsettingsV2'", auth);
        Assert.Contains("requireAuthentication: true", auth);
        Assert.Contains("excludedPaths: [ '/api/*', '/runtime/webhooks/durabletask/*' ]", auth);
        Assert.Contains("{ name: 'EnforcementFlows__Approvals__RequireSignIn', value: string(usesAuth) }", Read("main.bicep"));
    }

    [Fact]
    public void The_template_sets_every_schedule_the_timers_read_with_the_same_defaults()
    {
        var main = Read("main.bicep");
        var settings = Settings();
        foreach (var (setting, schedule) in FunctionSchedules.Defaults)
        {
            var parameter = char.ToLowerInvariant(setting[0]) + setting[1..];
            Assert.Equal(parameter, settings[setting]);
            Assert.Contains($"param {parameter} string = '{schedule}'", main);
        }
    }

    [Fact]
    public void The_template_sets_what_the_functions_app_needs_at_start()
    {
        var settings = Settings();
        Assert.Contains("AzureWebJobsStorage__accountName", settings.Keys);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
        Assert.Contains("EnforcementFlows__PublicBaseUrl", settings.Keys); // validated at start: approval links
        Assert.Contains("EnforcementFlows__DataDirectory", settings.Keys); // the default 'data' is under the read-only package
        Assert.Equal("Postgres", settings["EnforcementFlows__Storage__Provider"]);
        Assert.Contains("EnforcementFlows__Storage__ConnectionString", settings.Keys);
        // No shared disk on Flex: the anti-forgery keys must be in Blob storage, through the identity.
        Assert.Equal("storage.outputs.blobEndpoint", settings["EnforcementFlows__KeyRing__ServiceUri"]);
        Assert.DoesNotContain("EnforcementFlows__KeyRing__ConnectionString", settings.Keys);
    }

    [Fact]
    public void Every_enforcement_setting_of_the_template_is_bound_by_the_functions_app()
    {
        // The sections the Functions app binds, from its own registration (not a list kept by hand).
        var services = new ServiceCollection();
        services.AddEnforcementFunctions(new ConfigurationBuilder().Build());
        var bound = services.Select(d => d.ServiceType).Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(t => t.GetGenericArguments()[0]).Distinct().ToList();
        var sections = new Dictionary<Type, string>
        {
            [typeof(EnforcementFlowsOptions)] = EnforcementFlowsOptions.Section,
            [typeof(IntakeOptions)] = IntakeOptions.Section,
            [typeof(EnforcementGatewayOptions)] = EnforcementGatewayOptions.Section,
            [typeof(CaseOptions)] = CaseOptions.Section,
            [typeof(SweepOptions)] = SweepOptions.Section,
            [typeof(EmailOptions)] = EmailOptions.Section,
            [typeof(ApprovalPageOptions)] = ApprovalPageOptions.Section,
            [typeof(AuditArchiveOptions)] = AuditArchiveOptions.Section,
            [typeof(KeyRingOptions)] = KeyRingOptions.Section,
        };
        foreach (var name in Settings().Keys.Where(k => k.StartsWith("EnforcementFlows__", StringComparison.Ordinal)))
        {
            var path = name.Replace("__", ":", StringComparison.Ordinal);
            var owner = sections.Where(s => path.StartsWith(s.Value + ":", StringComparison.Ordinal)).MaxBy(s => s.Value.Length);
            Assert.True(owner.Key is not null, $"no options section owns {name}");
            Assert.True(bound.Contains(owner.Key), $"{name} belongs to {owner.Key.Name}, which the Functions app does not bind");
            if (owner.Key == typeof(EnforcementFlowsOptions))
            {
                // Directly under EnforcementFlows: a property of the root-bound options (DataDirectory, PublicBaseUrl, Storage, ApiKeys).
                var property = path.Split(':')[1];
                Assert.True(new[] { typeof(EnforcementFlowsOptions), typeof(App.Security.ApiKeyOptions), typeof(Enforcement.Approvals.ApprovalLinkOptions) }
                    .Any(t => t.GetProperty(property) is not null), $"{name}: no root option has '{property}'");
            }
        }
    }

    /// <summary>Every `{ name: '...', value: ... }` app setting in the templates, the value as written (a Bicep expression).</summary>
    private static Dictionary<string, string> Settings()
        => Templates().SelectMany(f => Setting().Matches(File.ReadAllText(f)))
            .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.First().Groups[2].Value.Trim().Trim('\''));

    [GeneratedRegex(@"^resource\s+\w+\s+'([^']+)'", RegexOptions.Multiline)]
    private static partial Regex Resource();

    [GeneratedRegex(@"^\s*resource\s+\w+\s+'([^']+)'", RegexOptions.Multiline)]
    private static partial Regex ResourceLine();

    [GeneratedRegex(@"^Microsoft\.[A-Za-z]+(/[A-Za-z]+)+@\d{4}-\d{2}-\d{2}(-preview)?$")]
    private static partial Regex TypeAndVersion();

    [GeneratedRegex(@"^module\s+\w+\s+'([^']+)'", RegexOptions.Multiline)]
    private static partial Regex Module();

    [GeneratedRegex(@"name:\s*'([A-Za-z_][^']*)'\s*,?\s*value:\s*('(?:[^'\\]|\\.)*'|[^\n}]+?)\s*\}", RegexOptions.Multiline)]
    private static partial Regex Setting();
}
