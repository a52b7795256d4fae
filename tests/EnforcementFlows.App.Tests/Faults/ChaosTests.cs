using System.Diagnostics;
using System.Text.Json;
using EnforcementFlows.App.Cli;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Audit;
using Xunit.Abstractions;

namespace EnforcementFlows.App.Tests.Faults;

/// <summary>
/// Issue #6: three worker processes on one PostgreSQL database process a few thousand cases while a
/// chaos loop SIGKILLs a random worker every few seconds and starts it again; then every invariant
/// of the service is checked against the database, the outbound receiver and the audit chain.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class ChaosTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Accounts, one case each (plus a second case for some); EF_CHAOS_ACCOUNTS overrides for a local run.</summary>
    private static readonly int Accounts = int.TryParse(Environment.GetEnvironmentVariable("EF_CHAOS_ACCOUNTS"), out var n) ? n : 2000;

    private static readonly TimeSpan ProcessingBudget = TimeSpan.FromMinutes(double.TryParse(Environment.GetEnvironmentVariable("EF_CHAOS_MINUTES"), out var m) ? m : 8);
    private const string BenignText = "I just do not like the way this person writes about football";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ef-tests", "chaos-" + Guid.NewGuid().ToString("N"));
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private EnforcementReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _receiver = await EnforcementReceiver.StartAsync();
        _receiver.FailFirstAttempts = 1; // every action is retried once as well
    }

    public async Task DisposeAsync()
    {
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

    private sealed record Signal(string Path, string Id, string Account, string Json)
    {
        public string WebhookId { get; } = "msg_" + Guid.NewGuid().ToString("N");
    }

    /// <summary>
    /// Per account, one of: a confident spam flag (acted on automatically), a weak flag or a benign report
    /// (dismissed), a confident threat flag (suspension that needs an approver). Some accounts also get a
    /// benign report that joins the case or, arriving late, opens the next one.
    /// </summary>
    private static List<Signal> Signals()
    {
        var signals = new List<Signal>();
        for (var i = 0; i < Accounts; i++)
        {
            var account = $"acct-chaos-{i:D5}";
            signals.Add((i % 5) switch
            {
                0 or 1 => new Signal("/api/flags", $"f-{i}", account, WebhookSender.Flag($"f-{i}", account, 1.0)),
                2 => new Signal("/api/flags", $"f-{i}", account, WebhookSender.Flag($"f-{i}", account, 0.5)),
                3 => new Signal("/api/reports", $"r-{i}", account, WebhookSender.Report($"r-{i}", account, reporter: $"reporter-{i % 40}", text: BenignText)),
                _ => new Signal("/api/flags", $"f-{i}", account, WebhookSender.Flag($"f-{i}", account, 1.0, category: "violent_threat")),
            });
            if (i % 10 == 7)
            {
                signals.Add(new Signal("/api/reports", $"r-{i}-b", account, WebhookSender.Report($"r-{i}-b", account, reporter: $"reporter-{i % 40}", text: BenignText)));
            }
        }
        return [.. signals.OrderBy(_ => Random.Shared.Next())];
    }

    [Fact]
    public async Task Three_workers_SIGKILLed_at_random_finish_every_case_once_with_one_effect_per_action_and_a_valid_audit_chain()
    {
        var connectionString = SharedPostgres.NewDatabase("chaos");
        var database = new ServiceDatabase(connectionString);
        var pickup = Path.Combine(_root, "outbox");
        var settings = ServiceDatabase.Settings(connectionString);
        settings["EnforcementFlows__Enforcement__WebhookUrl"] = _receiver.Url;
        settings["EnforcementFlows__Enforcement__WebhookSecret"] = EnforcementReceiver.Secret;
        settings["EnforcementFlows__Email__PickupDirectory"] = pickup; // one mailbox for the approvers, whichever worker sends
        settings["EnforcementFlows__Cases__CollectWindow"] = "00:00:01";
        // The three processes share one task hub: the PostgreSQL provider on the same database (schema taskhub). A short
        // lease so a killed process's work moves on soon (DTFx renews a lock at most every 5 s, so keep it above that).
        settings["EnforcementFlows__Workflows__TaskHub__Postgres__LockTimeout"] = "00:00:10";
        settings["EnforcementFlows__Workflows__RelayIdleDelay"] = "00:00:00.050";

        await using var pool = await WorkerPool.StartAsync(_root, 3, settings);
        Log($"3 workers up; {Accounts} accounts");
        var signals = Signals();
        var clerk = new ApprovalClerk(pickup, pool);
        using var stop = new CancellationTokenSource(ProcessingBudget + TimeSpan.FromMinutes(1));
        using var stopChaos = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<Signal>();
        var intakeRetries = 0;

        // One worker down at a time: a random one is killed a few seconds after the last one is back.
        var restartTimes = new List<TimeSpan>();
        var chaos = Task.Run(async () =>
        {
            while (!stopChaos.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(2000 + Random.Shared.Next(3000)), stopChaos.Token).ContinueWith(_ => { });
                if (stopChaos.IsCancellationRequested)
                {
                    break;
                }
                var killed = pool.KillRandom();
                if (killed >= 0)
                {
                    var restart = Stopwatch.StartNew();
                    await pool.RestartAsync(killed, stop.Token);
                    restartTimes.Add(restart.Elapsed);
                }
            }
        });
        var approving = Task.Run(async () =>
        {
            while (!stopChaos.IsCancellationRequested)
            {
                await clerk.RunOnceAsync(stop.Token);
                await Task.Delay(250, stopChaos.Token).ContinueWith(_ => { });
            }
            await clerk.RunOnceAsync(stop.Token);
        });

        var intake = Parallel.ForEachAsync(signals, new ParallelOptions { MaxDegreeOfParallelism = 12, CancellationToken = stop.Token }, async (signal, ct) =>
        {
            var retries = await pool.SendUntilAcceptedAsync(url => WebhookSender.Signed(url + signal.Path, signal.Json, signal.WebhookId), TimeSpan.FromMinutes(2), ct);
            Interlocked.Add(ref intakeRetries, retries);
            acknowledged.Add(signal);
        });

        // Progress until every acknowledged signal is in a closed case and every case workflow has finished.
        var processingStarted = _clock.Elapsed;
        var intakeDoneAt = TimeSpan.Zero;
        var lastLog = TimeSpan.Zero;
        DateTime? finishedSince = null;
        while (true)
        {
            await Task.Delay(1000);
            if (intake.IsFaulted)
            {
                await intake; // throws the intake failure
            }
            if (intake.IsCompletedSuccessfully && intakeDoneAt == TimeSpan.Zero)
            {
                intakeDoneAt = _clock.Elapsed;
                Log($"intake done: {acknowledged.Count} signals acknowledged in {(intakeDoneAt - processingStarted).TotalSeconds:0.0} s, {intakeRetries} retries");
            }
            var progress = await database.ProgressAsync();
            var finished = intake.IsCompletedSuccessfully && progress.Finished(acknowledged.Count);
            if (_clock.Elapsed - lastLog > TimeSpan.FromSeconds(15) || finished)
            {
                lastLog = _clock.Elapsed;
                Log($"acked {acknowledged.Count}/{signals.Count}; {progress}; kills {pool.Kills}, restarts {pool.Restarts}, live {pool.Live}; " +
                    $"approvals {clerk.Decided} (stale links {clerk.StaleLinks}, retries {clerk.Retries}); receiver attempts {_receiver.Attempts.Count}, effects {_receiver.Effects.Count}");
            }
            // Finished twice in a row a second apart: nothing was still in flight between the queries.
            if (finished)
            {
                finishedSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - finishedSince > TimeSpan.FromSeconds(1))
                {
                    break;
                }
            }
            else
            {
                finishedSince = null;
            }
            if (_clock.Elapsed - processingStarted > ProcessingBudget)
            {
                Assert.Fail($"not finished after {ProcessingBudget.TotalMinutes} min: {progress}{Environment.NewLine}{await database.DescribeUnfinishedAsync()}{Environment.NewLine}{await database.DescribeOrphansAsync()}{Environment.NewLine}{pool.OutputTails()}");
            }
        }
        var processing = _clock.Elapsed - processingStarted;
        stopChaos.Cancel();
        await Task.WhenAll(chaos, approving);
        Log($"finished: {signals.Count} signals, processing {processing.TotalSeconds:0.0} s (intake {(intakeDoneAt - processingStarted).TotalSeconds:0.0} s), " +
            $"kills {pool.Kills}, restarts {pool.Restarts} (start {(restartTimes.Count == 0 ? 0 : restartTimes.Average(t => t.TotalSeconds)):0.0} s on average, " +
            $"{(restartTimes.Count == 0 ? 0 : restartTimes.Max(t => t.TotalSeconds)):0.0} s at most), approvals {clerk.Decided}");

        await CheckInvariantsAsync(database, [.. acknowledged], clerk, settings, pool);
        Log("invariants hold");
    }

    private async Task CheckInvariantsAsync(ServiceDatabase database, List<Signal> acknowledged, ApprovalClerk clerk, Dictionary<string, string> settings, WorkerPool pool)
    {
        var context = Environment.NewLine + pool.OutputTails();

        // Every acknowledged signal is in exactly one case, and was recorded (audited) once, for that case.
        var stored = (await database.QueryAsync("SELECT signal_id, case_id, held FROM ef_signals", r => (Id: r.GetString(0), Case: r.IsDBNull(1) ? null : r.GetString(1), Held: r.GetInt32(2))))
            .ToDictionary(s => s.Id);
        var cases = (await database.QueryAsync("SELECT case_id, account_id, status, closed_at, assessment FROM ef_cases",
            r => (Id: r.GetString(0), Account: r.GetString(1), Status: r.GetString(2), Closed: !r.IsDBNull(3), Assessment: r.IsDBNull(4) ? null : r.GetString(4)))).ToDictionary(c => c.Id);
        var audit = await database.QueryAsync("SELECT kind, case_id, data FROM ef_audit ORDER BY idx",
            r => (Kind: r.GetString(0), Case: r.IsDBNull(1) ? null : r.GetString(1), Data: JsonDocument.Parse(r.GetString(2)).RootElement));
        var receivedAudits = audit.Where(a => a.Kind == nameof(AuditKind.SignalReceived))
            .GroupBy(a => a.Data.TryGetProperty("flagId", out var f) ? f.GetString()! : a.Data.GetProperty("reportId").GetString()!)
            .ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(acknowledged.Count, acknowledged.Select(s => s.Id).Distinct().Count());
        foreach (var signal in acknowledged)
        {
            Assert.True(stored.TryGetValue(signal.Id, out var row), $"acknowledged signal {signal.Id} was lost");
            Assert.True(row.Case is not null && cases.ContainsKey(row.Case), $"acknowledged signal {signal.Id} is in no case (held {row.Held}){context}");
            Assert.True(receivedAudits.TryGetValue(signal.Id, out var records) && records.Count == 1 && records[0].Case == row.Case,
                $"signal {signal.Id} needs one signal_received audit record for case {row.Case}, found {records?.Count ?? 0}");
            Assert.Equal(signal.Account, cases[row.Case!].Account);
        }
        Assert.Equal(acknowledged.Count, stored.Count);

        // Every case reached a final state; no workflow failed or was terminated, and each account's instance waits for
        // its next signal (DTFx statuses: 0 running, 3 failed, 5 terminated).
        Assert.All(cases.Values, c => Assert.True(c.Closed && c.Status is "enforced" or "dismissed", $"case {c.Id} ended {c.Status} (closed {c.Closed})"));
        var workflows = await database.QueryAsync($"SELECT instance_id, status FROM {ServiceDatabase.TaskHubSchema}.instances", r => (Id: r.GetString(0), Status: r.GetInt32(1)));
        Assert.DoesNotContain(workflows, w => w.Status is 3 or 5);
        Assert.All(workflows.Where(w => w.Id.StartsWith("case-", StringComparison.Ordinal)), w => Assert.Equal(0, w.Status));
        Assert.Equal(Accounts, workflows.Count(w => w.Id.StartsWith("case-", StringComparison.Ordinal)));
        Assert.Equal(Accounts, cases.Values.Select(c => c.Account).Distinct().Count());

        // Every applied action: one row, one audit record, one effect at the receiver under its key, one per enforced case.
        var actions = await database.QueryAsync("SELECT action_id, idempotency_key, case_id, kind, applied_at FROM ef_actions",
            r => (Id: r.GetString(0), Key: r.GetString(1), Case: r.GetString(2), Kind: r.GetString(3), AppliedAt: r.GetInt64(4)));
        var appliedAudits = audit.Where(a => a.Kind == nameof(AuditKind.ActionApplied)).GroupBy(a => a.Data.GetProperty("actionId").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(actions.Count, appliedAudits.Count);
        Assert.All(actions, a => Assert.Equal(1, appliedAudits.GetValueOrDefault(a.Id)));
        Assert.Equal(actions.Select(a => a.Key).Order(), _receiver.Effects.Keys.Order());
        Assert.All(_receiver.Effects, e => Assert.Equal(1, e.Value));
        Assert.All(_receiver.Attempts, a => Assert.True(a.SignatureValid));
        var attemptsPerKey = _receiver.Attempts.GroupBy(a => a.IdempotencyKey!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(actions, a => Assert.Equal([a.Case], attemptsPerKey[a.Key].Select(x => x.Payload!.CaseId).Distinct()));
        var actionsPerCase = actions.GroupBy(a => a.Case).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(cases.Values, c => Assert.Equal(c.Status == "enforced" ? 1 : 0, actionsPerCase.GetValueOrDefault(c.Id)));

        // No action without its required approvals, decided before it was applied.
        var approvals = await database.QueryAsync("SELECT case_id, approver, used_at FROM ef_approvals WHERE decision = 'approve'",
            r => (Case: r.GetString(0), Approver: r.GetString(1), UsedAt: r.GetInt64(2)));
        var needingApproval = 0;
        foreach (var action in actions)
        {
            var assessment = JsonDocument.Parse(cases[action.Case].Assessment!).RootElement.GetProperty("assessment");
            if (!assessment.GetProperty("requiresApproval").GetBoolean())
            {
                continue;
            }
            needingApproval++;
            var required = assessment.GetProperty("requiredApprovers").GetInt32();
            var approvers = approvals.Where(a => a.Case == action.Case && a.UsedAt <= action.AppliedAt).Select(a => a.Approver).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            Assert.True(approvers >= required, $"action {action.Id} ({action.Kind}) on case {action.Case} was applied with {approvers} of {required} approvals");
        }
        Assert.True(needingApproval >= Accounts / 5, $"{needingApproval} actions needed approval, expected at least {Accounts / 5}");
        Assert.All(clerk.DecidedCases, c => Assert.Equal("enforced", cases[c].Status));

        // Nothing is waiting past its time: no instance ready and unclaimed, no activity overdue.
        var longAgo = DateTime.UtcNow.AddSeconds(-30).Ticks;
        var overdue = await database.CountAsync($"SELECT COUNT(*) FROM {ServiceDatabase.TaskHubSchema}.sessions WHERE available_at < {longAgo}");
        var overdueActivities = await database.CountAsync($"SELECT COUNT(*) FROM {ServiceDatabase.TaskHubSchema}.activities WHERE available_at < {longAgo}");
        Assert.True(overdue == 0 && overdueActivities == 0, $"{overdue} workflows and {overdueActivities} activities are waiting past their time");

        // The audit chain verifies with the CLI, reading the same database.
        using var verifyOutput = new StringWriter();
        var cli = new Dictionary<string, string>
        {
            ["EnforcementFlows:Storage:Provider"] = "Postgres",
            ["EnforcementFlows:Storage:ConnectionString"] = settings["EnforcementFlows__Storage__ConnectionString"],
        };
        Assert.True(await AuditCommands.VerifyAsync(Path.Combine(_root, "verify"), null, verifyOutput, CancellationToken.None, settings: cli) == 0, verifyOutput.ToString());
        Log($"{cases.Count} cases ({string.Join(", ", cases.Values.GroupBy(c => c.Status).Select(g => $"{g.Key} {g.Count()}"))}), {actions.Count} actions " +
            $"({needingApproval} approved), {_receiver.Attempts.Count} deliveries; audit: {verifyOutput.ToString().Trim()}");
    }
}
