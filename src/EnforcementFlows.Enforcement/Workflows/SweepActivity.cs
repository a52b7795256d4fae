using System.Text.Json;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>What one sweep did, and how long the engine waits before the next.</summary>
public sealed record SweepResult(string SweepId, int AccountsSeen, int FlagsSeen, IReadOnlyList<string> CasesStarted, TimeSpan NextSweepIn);

/// <summary>One sweep, in one transaction: held flags of qualifying accounts join (or start) their cases.</summary>
internal sealed class SweepActivity(IDomainDatabase store, TimeProvider time, IOptions<SweepOptions> options, CaseWorkflowCommands workflows)
    : EnforcementActivity<object?, SweepResult>
{
    public const string Name = "Sweep";

    public override Task<SweepResult> RunAsync(ActivityCallContext context, object? input)
        => store.RunInTransactionAsync(tx =>
        {
            var o = options.Value;
            var now = time.GetUtcNow();
            var since = (now - o.Window).ToUnixTimeMilliseconds();
            var accounts = tx.Query("""
                SELECT account_id, COUNT(*), SUM(confidence) FROM ef_signals
                WHERE held = 1 AND received_at >= $p0 GROUP BY account_id
                """, r => (Account: r.GetString(0), Flags: r.GetInt32(1), Evidence: r.GetDouble(2)), since);
            var started = new List<string>();
            foreach (var account in accounts.Where(a => a.Evidence >= o.SweepThreshold))
            {
                var flags = tx.Query("SELECT signal_id FROM ef_signals WHERE held = 1 AND account_id = $p0 AND received_at >= $p1 ORDER BY received_at",
                    r => r.GetString(0), account.Account, since);
                // held = 2 (not 0): released by a sweep, which the flags' statement of reasons says (the case was found by the sweep).
                tx.Execute("UPDATE ef_signals SET held = 2 WHERE held = 1 AND account_id = $p0 AND received_at >= $p1", account.Account, since);
                foreach (var flag in flags)
                {
                    workflows.JoinCase(tx, account.Account, new SignalRef(SignalKind.Flag, flag));
                }
                started.Add(account.Account);
            }
            // The sweep id is the activity's idempotency key: a redelivered sweep records once.
            var result = new SweepResult(context.IdempotencyKey, accounts.Count, accounts.Sum(a => a.Flags), started, o.Interval);
            tx.Execute("INSERT INTO ef_sweeps (sweep_id, swept_at, accounts_seen, flags_seen, cases_started) VALUES ($p0, $p1, $p2, $p3, $p4) ON CONFLICT (sweep_id) DO NOTHING",
                result.SweepId, now.ToUnixTimeMilliseconds(), result.AccountsSeen, result.FlagsSeen, JsonSerializer.Serialize(started));
            return result;
        }, context.CancellationToken);
}
