using EnforcementFlows.Durable;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Workflows;

namespace EnforcementFlows.Enforcement.Storage;

/// <summary>A validated signal ready to be committed.</summary>
public sealed record IncomingSignal(SignalKind Kind, string SignalId, string AccountId, SignalCategory Category, string? ReporterId, string PayloadJson,
    double? Confidence = null);

public enum SignalKind { Report, Flag }

public enum IntakeStatus { Accepted, Replayed, Conflict }

public sealed record IntakeOutcome(IntakeStatus Status, string? Detail = null);

/// <summary>
/// Commits an accepted webhook: the receipt (dedupe), the signals, and a signal-with-start of each
/// account's case workflow, in one transaction. Nothing is acknowledged before this commits.
/// </summary>
public sealed class SignalIntake(ITransactionalDurableStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<SweepOptions> sweeps)
{
    public Task<IntakeOutcome> AcceptAsync(string source, string webhookId, string bodySha256, IReadOnlyList<IncomingSignal> signals, CancellationToken cancellation)
        => store.RunInTransactionAsync(tx =>
        {
            if (SeenBefore(tx, source, webhookId, bodySha256) is { } replay)
            {
                return replay;
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var fresh = new List<IncomingSignal>();
            foreach (var signal in signals)
            {
                var stored = tx.Query("SELECT payload FROM ef_signals WHERE kind = $p0 AND signal_id = $p1", r => r.GetString(0), Wire(signal.Kind), signal.SignalId);
                if (stored.Count == 0)
                {
                    fresh.Add(signal);
                }
                else if (stored[0] != signal.PayloadJson)
                {
                    return new IntakeOutcome(IntakeStatus.Conflict, $"{Wire(signal.Kind)} '{signal.SignalId}' was already received with different content.");
                }
            }

            // On PostgreSQL another process (or writer connection) may commit the same webhook-id between
            // the check above and here: the insert then waits for it and does nothing, and this is a replay.
            if (tx.Execute("""
                INSERT INTO ef_receipts (source, webhook_id, body_sha256, signal_kind, signal_ids, received_at) VALUES ($p0, $p1, $p2, $p3, $p4, $p5)
                ON CONFLICT (source, webhook_id) DO NOTHING
                """, source, webhookId, bodySha256, Wire(signals[0].Kind), string.Join('\n', signals.Select(s => s.SignalId)), now) == 0)
            {
                return SeenBefore(tx, source, webhookId, bodySha256)!;
            }
            foreach (var signal in fresh)
            {
                // Weak detector flags wait for the sweep, which opens a case only when they add up.
                var held = signal.Confidence is { } c && c < sweeps.Value.ImmediateThreshold;
                var instanceId = CaseWorkflow.InstanceIdFor(signal.AccountId);
                var inserted = tx.Execute("""
                    INSERT INTO ef_signals (kind, signal_id, account_id, category, reporter_id, confidence, held, payload, instance_id, received_at)
                    VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9)
                    ON CONFLICT (kind, signal_id) DO NOTHING
                    """, Wire(signal.Kind), signal.SignalId, signal.AccountId, signal.Category.ToWireName(), signal.ReporterId,
                    signal.Confidence, held ? 1 : 0, signal.PayloadJson, instanceId, now);
                // 0: a concurrent webhook carried the same signal and already joined it to the case.
                if (inserted == 1 && !held)
                {
                    StartOrJoinCase(tx, signal.AccountId, new SignalRef(signal.Kind, signal.SignalId));
                }
            }
            return new IntakeOutcome(IntakeStatus.Accepted);
        }, cancellation);

    private static IntakeOutcome? SeenBefore(IDurableTransaction tx, string source, string webhookId, string bodySha256)
    {
        var receipt = tx.Query("SELECT body_sha256 FROM ef_receipts WHERE source = $p0 AND webhook_id = $p1", r => r.GetString(0), source, webhookId);
        return receipt.Count == 0 ? null
            : receipt[0] == bodySha256 ? new IntakeOutcome(IntakeStatus.Replayed)
            : new IntakeOutcome(IntakeStatus.Conflict, $"webhook-id '{webhookId}' was already received with a different body.");
    }

    /// <summary>Signal-with-start of the account's case workflow, inside the caller's transaction.</summary>
    public static void StartOrJoinCase(IDurableTransaction tx, string accountId, SignalRef signal)
        => tx.SignalWithStart(
            new NewInstance(CaseWorkflow.InstanceIdFor(accountId), CaseWorkflow.Name, CaseWorkflow.Version, JsonData.Serialize(new CaseWorkflow.Input(accountId, null))),
            new EventRaised(CaseWorkflow.SignalEvent, JsonData.Serialize(signal)));

    public static string Wire(SignalKind kind) => kind == SignalKind.Report ? "report" : "flag";
}

/// <summary>What the case workflow receives for each signal: a reference; the content stays in the database.</summary>
public sealed record SignalRef(SignalKind Kind, string SignalId);
