using System.Net;
using EnforcementFlows.App.Security;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests.FirstRun;

/// <summary>
/// A first start with its output redirected (a service manager, CI, nohup) leaves a working admin key in an
/// owner-only file in the data directory and prints no secret; a restart keeps the key.
/// </summary>
// File modes are a Unix matter; the service and its CI run on Linux.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FirstRunCredentialsTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task A_redirected_first_start_writes_an_owner_only_credentials_file_and_prints_no_secret()
    {
        var data = Path.Combine(Path.GetTempPath(), "ef-firstrun-" + Guid.NewGuid().ToString("N"));
        var credentials = Path.Combine(data, FirstRunCredentials.FileName);
        string key;
        using (var app = await AppProcess.StartAsync(data, new Dictionary<string, string>()))
        {
            await WaitForOutputAsync(app, FirstRunCredentials.FileName);

            Assert.Equal(OwnerOnly, File.GetUnixFileMode(credentials));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(data, FirstRunSecrets.FileName)));
            key = FirstRunCredentials.Read(credentials, FirstRunCredentials.AdminKeyVariable)!;
            var secret = FirstRunCredentials.Read(credentials, FirstRunCredentials.DemoSecretVariable)!;
            Assert.StartsWith("efk_", key);
            Assert.StartsWith("whsec_", secret);
            Assert.Contains($"are in {credentials}", app.OutputTail);
            Assert.DoesNotContain(key, app.OutputTail);
            Assert.DoesNotContain(secret, app.OutputTail);
            // The service kept the hash only.
            Assert.DoesNotContain(key, await File.ReadAllTextAsync(Path.Combine(data, FirstRunSecrets.FileName)));

            using var client = app.Client(key);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/cases")).StatusCode);
            using var stranger = app.Client("efk_not-a-key");
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/cases")).StatusCode);
        }

        var written = await File.ReadAllTextAsync(credentials);
        using (var restarted = await AppProcess.StartAsync(data, new Dictionary<string, string>()))
        {
            await WaitForOutputAsync(restarted, "first-run admin API key: in " + credentials);
            Assert.Equal(written, await File.ReadAllTextAsync(credentials));
            using var client = restarted.Client(key);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/cases")).StatusCode);
        }
    }

    internal static async Task WaitForOutputAsync(AppProcess app, string text)
    {
        // The banner is written when the host has started, around the time /readyz first answers.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!app.OutputTail.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The service never wrote '{text}':{Environment.NewLine}{app.OutputTail}");
            await Task.Delay(100);
        }
    }
}
