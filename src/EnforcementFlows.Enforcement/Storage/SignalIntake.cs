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
/// Statements cover up to <see cref="Chunk"/> signals each, so an array of a thousand flags costs a
/// few dozen round trips to the database rather than thousands.
/// </summary>
public sealed partial class SignalIntake(ITransactionalDurableStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<SweepOptions> sweeps)
{
    internal const int Chunk = 50;

    public Task<IntakeOutcome> AcceptAsync(string source, string webhookId, string bodySha256, IReadOnlyList<IncomingSignal> signals, CancellationToken cancellation)
        => store.RunInTransactionAsync(tx =>
        {
            var kind = Wire(signals[0].Kind);
            var (receipt, stored) = ReceiptAndStoredSignals(tx, source, webhookId, kind, signals);
            if (Replay(receipt, bodySha256, webhookId) is { } replay)
            {
                return replay;
            }

            var fresh = new List<IncomingSignal>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var signal in signals)
            {
                if (!stored.TryGetValue(signal.SignalId, out var payload))
                {
                    if (seen.Add(signal.SignalId))
                    {
                        fresh.Add(signal); // a second copy in the same body is the same signal
                    }
                }
                else if (payload != signal.PayloadJson)
                {
                    return new IntakeOutcome(IntakeStatus.Conflict, $"{kind} '{signal.SignalId}' was already received with different content.");
                }
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            // On PostgreSQL another process (or writer connection) may commit the same webhook-id between
            // the check above and here: the insert then waits for it and does nothing, and this is a replay.
            if (tx.Execute("""
                INSERT INTO ef_receipts (source, webhook_id, body_sha256, signal_kind, signal_ids, received_at) VALUES ($p0, $p1, $p2, $p3, $p4, $p5)
                ON CONFLICT (source, webhook_id) DO NOTHING
                """, source, webhookId, bodySha256, kind, string.Join('\n', signals.Select(s => s.SignalId)), now) == 0)
            {
                return Replay(ReceiptAndStoredSignals(tx, source, webhookId, kind, []).Receipt, bodySha256, webhookId)!;
            }
            foreach (var chunk in fresh.Chunk(Chunk))
            {
                // Only the rows this statement inserted come back: a signal a concurrent webhook carried was
                // already joined to its case by that webhook.
                var inserted = InsertSignals(tx, chunk, now);
                // Weak detector flags wait for the sweep, which opens a case only when they add up.
                var joining = chunk.Where(s => inserted.Contains(s.SignalId) && !IsHeld(s))
                    .Select(s => CaseSignal(s.AccountId, new SignalRef(s.Kind, s.SignalId))).ToList();
                if (joining.Count > 0)
                {
                    tx.SignalWithStart(joining);
                }
            }
            return new IntakeOutcome(IntakeStatus.Accepted);
        }, cancellation);

    private bool IsHeld(IncomingSignal signal) => signal.Confidence is { } c && c < sweeps.Value.ImmediateThreshold;

    private static IntakeOutcome? Replay(string? receiptSha256, string bodySha256, string webhookId)
        => receiptSha256 is null ? null
            : receiptSha256 == bodySha256 ? new IntakeOutcome(IntakeStatus.Replayed)
            : new IntakeOutcome(IntakeStatus.Conflict, $"webhook-id '{webhookId}' was already received with a different body.");

    /// <summary>Signal-with-start of the account's case workflow, inside the caller's transaction.</summary>
    public static void StartOrJoinCase(IDurableTransaction tx, string accountId, SignalRef signal)
    {
        var (instance, raised) = CaseSignal(accountId, signal);
        tx.SignalWithStart(instance, raised);
    }

    private static (NewInstance Instance, EventRaised Signal) CaseSignal(string accountId, SignalRef signal)
        => (new NewInstance(CaseWorkflow.InstanceIdFor(accountId), CaseWorkflow.Name, CaseWorkflow.Version, JsonData.Serialize(new CaseWorkflow.Input(accountId, null))),
            new EventRaised(CaseWorkflow.SignalEvent, JsonData.Serialize(signal)));

    public static string Wire(SignalKind kind) => kind == SignalKind.Report ? "report" : "flag";
}

/// <summary>What the case workflow receives for each signal: a reference; the content stays in the database.</summary>
public sealed record SignalRef(SignalKind Kind, string SignalId);
