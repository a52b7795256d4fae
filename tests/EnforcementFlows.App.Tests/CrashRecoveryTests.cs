using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EnforcementFlows.App.Cli;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Policy;

namespace EnforcementFlows.App.Tests;

/// <summary>
/// The service as a real process on its defaults (the SDK engine on the embedded SQLite task hub), SIGKILLed in the
/// middle of a case and while a suspension runs: the outbox, the relay and the task hub's leases lose nothing and apply
/// nothing twice, and the restarted process takes its dead predecessor's work at once (issue 18).
/// </summary>
public sealed class CrashRecoveryTests : CrashRecoveryTestsBase
{
    protected override void AssertEngineRan(string dataDirectory)
    {
        Assert.True(File.Exists(Path.Combine(dataDirectory, "taskhub.db")), "the SDK engine's task hub file is missing");
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "enforcementflows.db")};Pooling=False");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM ef_workflow_outbox WHERE sent_at IS NOT NULL AND kind IN ('join_case', 'schedule_lift')";
        Assert.Equal(2L, (long)query.ExecuteScalar()!); // the signal and the lift went through the outbox, once each
    }
}

public abstract class CrashRecoveryTestsBase : IAsyncLifetime
{
    /// <summary>Settings that choose the workflow engine (none: the default).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> EngineSettings => [];

    /// <summary>Checks that the run used the engine the class names.</summary>
    protected virtual void AssertEngineRan(string dataDirectory)
    {
    }

    private readonly string _data = Path.Combine(Path.GetTempPath(), "ef-tests", "crash-" + Guid.NewGuid().ToString("N"));
    private EnforcementReceiver _receiver = null!;
    private Dictionary<string, string> _settings = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        _receiver = await EnforcementReceiver.StartAsync();
        // The default policy, with spam's automatic restriction shortened to 3 s so its lift can be watched.
        var policy = Encoding.UTF8.GetString(DefaultPolicy.ReadBytes()).Replace(
            "{ \"minScore\": 0.45, \"outcome\": \"restrict\", \"duration\": \"P1D\", \"approval\": \"automatic\" }",
            "{ \"minScore\": 0.45, \"outcome\": \"restrict\", \"duration\": \"PT3S\", \"approval\": \"automatic\" }", StringComparison.Ordinal);
        Assert.Contains("PT3S", policy);
        var policyFile = Path.Combine(_data, "policy.json");
        await File.WriteAllTextAsync(policyFile, policy);
        _settings = new()
        {
            ["EnforcementFlows__Policy__File"] = policyFile,
            ["EnforcementFlows__Enforcement__WebhookUrl"] = _receiver.Url,
            ["EnforcementFlows__Enforcement__WebhookSecret"] = EnforcementReceiver.Secret,
        };
        foreach (var (key, value) in EngineSettings)
        {
            _settings[key] = value;
        }
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<JsonElement> WaitFor(AppProcess app, string path, Func<JsonElement, bool> done, int seconds = 60)
    {
        using var client = app.Client();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadFromJsonAsync<JsonElement>() is var json && done(json))
            {
                return json;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{path} did not reach the expected state in {seconds} s.");
    }

    [Fact]
    public async Task Case_completes_with_one_effect_per_key_after_SIGKILL_and_a_suspension_is_lifted_after_restart()
    {
        _receiver.FailFirstAttempts = 2;
        var first = await AppProcess.StartAsync(_data, _settings);
        using (var client = first.Client(null))
        {
            var sent = await client.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag("f-crash", "acct-crash", 1.0)));
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }
        // Kill while the apply step is between retries: the platform has refused it once.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_receiver.Attempts.Any(a => a.Payload?.AccountId == "acct-crash") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        first.Kill();
        first.Dispose();
        Assert.NotEmpty(_receiver.Attempts);

        var second = await AppProcess.StartAsync(_data, _settings);
        var account = await WaitFor(second, "/api/accounts/acct-crash", a => a.GetProperty("cases")[0].GetProperty("status").GetString() == "enforced");
        var attempts = _receiver.Attempts.Where(a => a.Payload?.AccountId == "acct-crash").ToList();
        var key = Assert.Single(attempts.Select(a => a.IdempotencyKey).Distinct());
        Assert.Equal(1, _receiver.Effects[key!]);
        Assert.Single(account.GetProperty("actions").EnumerateArray());

        // Kill again while the 3-second restriction runs; it must be lifted by the next process.
        second.Kill();
        second.Dispose();
        await Task.Delay(3500);
        using var third = await AppProcess.StartAsync(_data, _settings);
        var lifted = await WaitFor(third, "/api/accounts/acct-crash", a => a.GetProperty("actions")[0].GetProperty("liftedAt").ValueKind != JsonValueKind.Null);
        Assert.Empty(lifted.GetProperty("activeRestrictions").EnumerateArray());
        var action = lifted.GetProperty("actions")[0];
        Assert.True(action.GetProperty("liftedAt").GetDateTimeOffset() >= action.GetProperty("expiresAt").GetDateTimeOffset());

        third.Kill();
        using var output = new StringWriter();
        Assert.Equal(0, await AuditCommands.VerifyAsync(_data, null, output, CancellationToken.None));
        Assert.Contains("OK:", output.ToString());
        AssertEngineRan(_data);
    }
}
