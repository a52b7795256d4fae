using System.CommandLine;
using EnforcementFlows.App.Security;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Cli;

/// <summary>`admin key create|list`: API keys after the first-run one. Only hashes are stored; a new key is shown once.</summary>
internal static class AdminCommands
{
    public static Command Create()
    {
        var admin = new Command("admin", "Administer the service (API keys).");
        var key = new Command("key", "API keys: create one (shown once, only its hash is kept), list them (never the keys).");
        key.Subcommands.Add(CreateKey());
        key.Subcommands.Add(ListKeys());
        admin.Subcommands.Add(key);
        return admin;
    }

    private static Command CreateKey()
    {
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}.", Required = true };
        var name = new Option<string?>("--name") { Description = "A name to tell the key by (default: <role>-<UTC time>)." };
        var data = EnforcementCli.DataDirectoryOption();
        var create = new Command("create", "Make an API key. The key goes to standard output, once; the service keeps its SHA-256 hash.") { role, name, data };
        create.SetAction(result =>
        {
            var chosenRole = result.GetValue(role)!;
            var chosenName = result.GetValue(name) ?? $"{chosenRole}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}";
            var store = new StoredApiKeys(Path.Combine(EnforcementCli.ResolveDataDirectory(result.GetValue(data)), StoredApiKeys.FileName));
            var created = store.Create(chosenName, chosenRole, TimeProvider.System);
            // The explanation on stderr, the key alone on stdout: KEY=$(efctl admin key create --role analyst) works.
            Console.Error.WriteLine($"created API key '{chosenName}' (role {chosenRole}); it is shown only now, the service keeps its hash in {store.Path}");
            Console.WriteLine(created);
            return 0;
        });
        return create;
    }

    private static Command ListKeys()
    {
        var data = EnforcementCli.DataDirectoryOption();
        var list = new Command("list", "List API keys by name and role (never the keys or their hashes).") { data };
        list.SetAction(result =>
        {
            var directory = EnforcementCli.ResolveDataDirectory(result.GetValue(data));
            Console.WriteLine($"{"NAME",-32} {"ROLE",-9} SOURCE");
            if (File.Exists(Path.Combine(directory, FirstRunSecrets.FileName)))
            {
                Console.WriteLine($"{"first-run-admin",-32} {Roles.Admin,-9} first start ({FirstRunSecrets.FileName})");
            }
            foreach (var configured in EnforcementCli.Configuration().GetSection("EnforcementFlows").Get<ApiKeyOptions>()?.ApiKeys ?? [])
            {
                Console.WriteLine($"{configured.Name,-32} {configured.Role,-9} configuration (EnforcementFlows:ApiKeys)");
            }
            foreach (var stored in new StoredApiKeys(Path.Combine(directory, StoredApiKeys.FileName)).Load())
            {
                Console.WriteLine($"{stored.Name,-32} {stored.Role,-9} admin key create, {stored.CreatedAt:yyyy-MM-dd HH:mm:ss}Z");
            }
            return 0;
        });
        return list;
    }
}
