using System.Net;
using System.Net.Http.Json;
using EnforcementFlows.App.Security;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests.FirstRun;

/// <summary>`admin key create` makes a key the running service accepts at once (with its role); `admin key list` never shows key material.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AdminKeyCommandTests
{
    [Fact]
    public async Task A_created_key_authenticates_with_its_role_and_the_list_shows_names_and_roles_only()
    {
        var data = Path.Combine(Path.GetTempPath(), "ef-adminkey-" + Guid.NewGuid().ToString("N"));
        using var app = await AppProcess.StartAsync(data, new Dictionary<string, string>());

        var created = await AppCli.RunAsync(null, "admin", "key", "create", "--role", "analyst", "--name", "ci-reader", "--data-directory", data);
        Assert.True(created.ExitCode == 0, created.Error);
        var key = created.Output.Trim();
        Assert.StartsWith("efk_", key);
        Assert.Contains("ci-reader", created.Error);

        using (var analyst = app.Client(key))
        {
            Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/cases")).StatusCode);
            // An analyst may read, not act as an admin.
            Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PutAsJsonAsync("/api/accounts/acct-x/tier", new { tier = "protected" })).StatusCode);
        }

        var file = Path.Combine(data, StoredApiKeys.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var stored = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain(key, stored);
        Assert.Contains(ApiKeyOptions.Hash(key), stored);

        var configured = new Dictionary<string, string>
        {
            ["EnforcementFlows__ApiKeys__0__Name"] = "ops-admin",
            ["EnforcementFlows__ApiKeys__0__Role"] = "admin",
            ["EnforcementFlows__ApiKeys__0__KeySha256"] = ApiKeyOptions.Hash("efk_configured"),
        };
        var list = await AppCli.RunAsync(configured, "admin", "key", "list", "--data-directory", data);
        Assert.Equal(0, list.ExitCode);
        Assert.Matches(@"ci-reader\s+analyst", list.Output);
        Assert.Matches(@"first-run-admin\s+admin", list.Output);
        Assert.Matches(@"ops-admin\s+admin\s+configuration", list.Output);
        Assert.DoesNotContain("efk_", list.Output);
        Assert.DoesNotContain(ApiKeyOptions.Hash(key), list.Output);
        Assert.DoesNotContain(ApiKeyOptions.Hash("efk_configured"), list.Output);
    }

    [Fact]
    public async Task Creating_a_key_with_an_unknown_role_or_a_taken_name_fails_with_one_line()
    {
        var data = Path.Combine(Path.GetTempPath(), "ef-adminkey-" + Guid.NewGuid().ToString("N"));
        var wrongRole = await AppCli.RunAsync(null, "admin", "key", "create", "--role", "root", "--data-directory", data);
        Assert.Equal(2, wrongRole.ExitCode);
        Assert.Contains("error: --role must be one of analyst, approver, admin (got 'root')", wrongRole.Error);
        Assert.Equal("", wrongRole.Output);

        Assert.Equal(0, (await AppCli.RunAsync(null, "admin", "key", "create", "--role", "approver", "--name", "alice", "--data-directory", data)).ExitCode);
        var taken = await AppCli.RunAsync(null, "admin", "key", "create", "--role", "admin", "--name", "alice", "--data-directory", data);
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("A key named 'alice' exists already", taken.Error);
        Assert.DoesNotContain("   at ", taken.Error);
    }
}
