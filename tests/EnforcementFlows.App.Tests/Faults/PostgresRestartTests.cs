using EnforcementFlows.Tests.Infrastructure;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using EnforcementFlows.App.Cli;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Storage.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace EnforcementFlows.App.Tests.Faults;

/// <summary>
/// PostgreSQL goes away in the middle of a run (pg_ctl stop -m immediate) and comes back: intake answers
/// 503 problem+json, never 2xx, while it is down; the workers reconnect on their own and finish every case.
/// The cluster is private to this test, so stopping it disturbs no other test.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class PostgresRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Accounts = 300;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ef-tests", "pg-restart-" + Guid.NewGuid().ToString("N"));
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private EnforcementReceiver _receiver = null!;
    private LocalPostgres _cluster = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _receiver = await EnforcementReceiver.StartAsync();
        _cluster = await LocalPostgres.StartNewAsync(); // throws (the test fails) when PostgreSQL is not installed
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _cluster.DisposeAsync();
        await _receiver.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Log(string line) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0}s] {line}");

    private static (string Path, string Id, string Json, string WebhookId) Signal(int i)
    {
        var account = $"acct-pgr-{i:D4}";
        return i % 3 == 2
            ? ("/api/flags", $"f-{i}", WebhookSender.Flag($"f-{i}", account, 0.5), "msg_pgr_" + i)
            : ("/api/flags", $"f-{i}", WebhookSender.Flag($"f-{i}", account, 1.0), "msg_pgr_" + i);
    }

    [Fact]
    public async Task Workers_reconnect_and_finish_after_PostgreSQL_restarts_and_intake_answers_503_problem_json_while_it_is_down()
    {
        string connectionString;
        await using (var admin = new NpgsqlConnection(_cluster.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE ef_restart", admin);
            await create.ExecuteNonQueryAsync();
            connectionString = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString) { Database = "ef_restart", Timeout = 5 }.ConnectionString;
        }
        var database = new ServiceDatabase(connectionString);
        var settings = ServiceDatabase.Settings(connectionString);
        settings["EnforcementFlows__Enforcement__WebhookUrl"] = _receiver.Url;
        settings["EnforcementFlows__Enforcement__WebhookSecret"] = EnforcementReceiver.Secret;
        // Two processes share one task hub: the PostgreSQL provider on the same (restarted) server. With a task hub
        // per process, the relay's lease moving between them would start a second case instance for an account.
        settings["EnforcementFlows__Workflows__TaskHub__Postgres__LockTimeout"] = "00:00:10";
        await using var pool = await WorkerPool.StartAsync(_root, 2, settings);
        Log("2 workers up on a private cluster");

        // The first half goes in and is being processed when the server goes down.
        var acknowledged = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Accounts / 2), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var s = Signal(i);
            await pool.SendUntilAcceptedAsync(url => WebhookSender.Signed(url + s.Path, s.Json, s.WebhookId), TimeSpan.FromMinutes(1), ct);
            acknowledged.Add(s.Id);
        });
        var before = await WaitForAsync(database, p => p.CasesByStatus.GetValueOrDefault("enforced") + p.CasesByStatus.GetValueOrDefault("dismissed") >= 10, TimeSpan.FromSeconds(60));
        Log($"{acknowledged.Count} acknowledged; before the stop: {before}");

        await _cluster.StopAsync("immediate");
        Log("PostgreSQL stopped (immediate)");

        // While it is down: every intake answer is a 503 problem, on every worker, for several seconds.
        var refused = 0;
        var downUntil = DateTime.UtcNow.AddSeconds(6);
        var next = Accounts / 2;
        while (DateTime.UtcNow < downUntil)
        {
            foreach (var worker in new[] { pool.Pick()!, pool.Pick()! })
            {
                var s = Signal(next);
                using var response = await pool.Http.SendAsync(WebhookSender.Signed(worker.BaseUrl + s.Path, s.Json, s.WebhookId));
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"intake answered {(int)response.StatusCode} while the database was down: {body}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("\"status\":503", body);
                Assert.True(response.Headers.RetryAfter is not null, "a 503 says when to retry");
                refused++;
                next++;
            }
            await Task.Delay(200);
        }
        Log($"{refused} intake requests refused with 503 problem+json while down; next signal {next}");

        await _cluster.StartAgainAsync();
        Log("PostgreSQL started again");

        // Everything refused is sent again (same webhook-ids), then the rest; retried until accepted.
        await Parallel.ForEachAsync(Enumerable.Range(Accounts / 2, Accounts / 2), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var s = Signal(i);
            await pool.SendUntilAcceptedAsync(url => WebhookSender.Signed(url + s.Path, s.Json, s.WebhookId), TimeSpan.FromMinutes(1), ct);
            acknowledged.Add(s.Id);
        });
        Log($"{acknowledged.Count} acknowledged after the restart");

        var done = await WaitForAsync(database, p => p.Finished(acknowledged.Count), TimeSpan.FromMinutes(3), pool);
        Log($"finished: {done}");

        // Every acknowledged signal in a closed case; one effect per action; nothing failed; the chain verifies.
        var signals = await database.QueryAsync("SELECT signal_id, case_id FROM ef_signals", r => (Id: r.GetString(0), Case: r.IsDBNull(1) ? null : r.GetString(1)));
        Assert.Equal(acknowledged.Order(), signals.Select(s => s.Id).Order());
        Assert.All(signals, s => Assert.NotNull(s.Case));
        Assert.Equal(Accounts, done.Cases);
        Assert.Equal(0, await database.CountAsync($"SELECT COUNT(*) FROM {ServiceDatabase.TaskHubSchema}.instances WHERE status IN (3, 5)")); // failed, terminated
        var keys = await database.QueryAsync("SELECT idempotency_key FROM ef_actions", r => r.GetString(0));
        Assert.Equal(done.CasesByStatus.GetValueOrDefault("enforced"), keys.Count);
        Assert.Equal(keys.Order(), _receiver.Effects.Keys.Order());
        using var verify = new StringWriter();
        var cli = new Dictionary<string, string> { ["EnforcementFlows:Storage:Provider"] = "Postgres", ["EnforcementFlows:Storage:ConnectionString"] = connectionString };
        Assert.True(await AuditCommands.VerifyAsync(Path.Combine(_root, "verify"), null, verify, CancellationToken.None, settings: cli) == 0, verify.ToString());
        Log(verify.ToString().Trim());
    }

    private async Task<ServiceDatabase.Progress> WaitForAsync(ServiceDatabase database, Func<ServiceDatabase.Progress, bool> done, TimeSpan timeout, WorkerPool? pool = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        ServiceDatabase.Progress? last = null;
        var lastLog = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await database.ProgressAsync();
                if (done(last))
                {
                    return last;
                }
            }
            catch (NpgsqlException)
            {
                // The test's own pooled connections were cut by the restart too.
            }
            if (DateTime.UtcNow - lastLog > TimeSpan.FromSeconds(15))
            {
                lastLog = DateTime.UtcNow;
                Log($"waiting: {last}");
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"not done within {timeout.TotalSeconds:0} s: {last}{Environment.NewLine}{pool?.OutputTails()}");
    }
}
