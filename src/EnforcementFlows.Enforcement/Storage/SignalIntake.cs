using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Workflows;

namespace EnforcementFlows.Enforcement.Storage;

/// <summary>A validated signal ready to be committed.</summary>
public sealed record IncomingSignal(SignalKind Kind, string SignalId, string AccountId, SignalCategory Category, string? ReporterId, string PayloadJson,
    double? Confidence = null);

public enum SignalKind { Report, Flag }

public enum IntakeStatus { Accepted, Replayed, Conflict }

public sealed record IntakeOutcome(IntakeStatus Status, string? Detail = null);

/// <summary>One authenticated webhook delivery: its id, the hash of its body and the signals it carries.</summary>
public sealed record IntakeWebhook(string Source, string WebhookId, string BodySha256, IReadOnlyList<IncomingSignal> Signals);

/// <summary>
/// Commits accepted webhooks: the receipt (dedupe), the signals, and a signal-with-start of each
/// account's case workflow, in one transaction. Nothing is acknowledged before this commits.
/// Statements cover up to <see cref="Chunk"/> signals each, so an array of a thousand flags, or a
/// batch of concurrent single reports, costs a few round trips to the database rather than thousands.
/// </summary>
public sealed partial class SignalIntake(IDomainDatabase store, TimeProvider time, Microsoft.Extensions.Options.IOptions<SweepOptions> sweeps,
    CaseWorkflowCommands workflows)
{
    internal const int Chunk = 50;

    public async Task<IntakeOutcome> AcceptAsync(IntakeWebhook webhook, CancellationToken cancellation)
        => (await AcceptAsync([webhook], cancellation))[0];

    /// <summary>
    /// Several webhooks in one transaction, each with the outcome it would have had alone in this order
    /// (a later one that repeats an earlier one's webhook-id or signal is a replay or a conflict).
    /// Throws <see cref="IntakeRaceException"/> when a concurrent transaction committed one of several
    /// webhooks first: nothing is kept and the caller accepts them one at a time.
    /// </summary>
    public async Task<IReadOnlyList<IntakeOutcome>> AcceptAsync(IReadOnlyList<IntakeWebhook> webhooks, CancellationToken cancellation)
    {
        if (AllDistinct(webhooks))
        {
            try
            {
                return await store.RunInTransactionAsync(tx => AcceptNew(tx, webhooks), cancellation);
            }
            catch (Exception ex) when (ex is NotAllNewException or UnexpectedRowCountException)
            {
                // Something was delivered before: nothing was kept; look first, then decide per webhook.
            }
        }
        return await store.RunInTransactionAsync(tx => Accept(tx, webhooks), cancellation);
    }

    /// <summary>
    /// The common case, new webhooks carrying new signals, without looking first: the inserts report
    /// what they inserted, and anything short of all of it throws <see cref="NotAllNewException"/>,
    /// which rolls the operation back. (A look-up before the inserts is one more statement, and on
    /// PostgreSQL a plan prepared while the tables were small can make it scan every receipt.)
    /// </summary>
    private IReadOnlyList<IntakeOutcome> AcceptNew(IDomainTransaction tx, IReadOnlyList<IntakeWebhook> webhooks)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (tx.Dialect == "postgres")
        {
            // Guarded writes: no answer needed, so both inserts ride with the signal-with-start's round trip; one
            // that inserts fewer rows than it carries fails the operation (UnexpectedRowCountException) instead.
            InsertNewReceipts(tx, webhooks, now);
        }
        else if (InsertReceipts(tx, webhooks, now).Count > 0)
        {
            throw new NotAllNewException();
        }
        foreach (var chunk in webhooks.SelectMany(w => w.Signals).Chunk(SignalsPerStatement(tx)))
        {
            if (tx.Dialect == "postgres")
            {
                InsertNewSignals(tx, chunk, now);
            }
            else if (InsertSignals(tx, chunk, now).Count != chunk.Length)
            {
                throw new NotAllNewException();
            }
            JoinCases(tx, chunk);
        }
        return webhooks.Select(_ => new IntakeOutcome(IntakeStatus.Accepted)).ToList();
    }

    private static bool AllDistinct(IReadOnlyList<IntakeWebhook> webhooks)
    {
        var receipts = new HashSet<(string, string)>();
        var signals = new HashSet<(SignalKind, string)>();
        return webhooks.All(w => receipts.Add((w.Source, w.WebhookId)) && w.Signals.All(s => signals.Add((s.Kind, s.SignalId))));
    }

    /// <summary>PostgreSQL's array statements take any number of rows; a thousand keeps one statement's work bounded.</summary>
    private static int SignalsPerStatement(IDomainTransaction tx) => tx.Dialect == "postgres" ? 1000 : Chunk;

    /// <summary>Signal-with-start of each signal's case; weak detector flags wait for the sweep, which opens a case only when they add up.</summary>
    private void JoinCases(IDomainTransaction tx, IEnumerable<IncomingSignal> inserted)
    {
        var joining = inserted.Where(s => !IsHeld(s)).Select(s => (s.AccountId, new SignalRef(s.Kind, s.SignalId))).ToList();
        if (joining.Count > 0)
        {
            workflows.JoinCases(tx, joining);
        }
    }

    private IReadOnlyList<IntakeOutcome> Accept(IDomainTransaction tx, IReadOnlyList<IntakeWebhook> webhooks)
    {
        var known = Lookup(tx, webhooks);
        var outcomes = new IntakeOutcome[webhooks.Count];
        var accepted = new List<int>();
        var fresh = new List<IncomingSignal>();
        for (var w = 0; w < webhooks.Count; w++)
        {
            var webhook = webhooks[w];
            if (Replay(known.Receipts.GetValueOrDefault((webhook.Source, webhook.WebhookId)), webhook) is { } replay)
            {
                outcomes[w] = replay;
                continue;
            }
            if (NewSignals(webhook, known.Signals, out var conflict) is not { } signals)
            {
                outcomes[w] = conflict!;
                continue;
            }
            // What this webhook carries counts as known for the webhooks after it in the batch.
            known.Receipts[(webhook.Source, webhook.WebhookId)] = webhook.BodySha256;
            foreach (var signal in signals)
            {
                known.Signals[(Wire(signal.Kind), signal.SignalId)] = signal.PayloadJson;
            }
            outcomes[w] = new IntakeOutcome(IntakeStatus.Accepted);
            accepted.Add(w);
            fresh.AddRange(signals);
        }
        if (accepted.Count == 0)
        {
            return outcomes;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // On PostgreSQL another process (or writer connection) may commit the same webhook-id between the
        // lookup and here: the insert then waits for it and does nothing, and that webhook is a replay.
        var raced = InsertReceipts(tx, accepted.Select(w => webhooks[w]).ToList(), now);
        if (raced.Count > 0)
        {
            if (webhooks.Count > 1)
            {
                throw new IntakeRaceException();
            }
            return [Replay(Lookup(tx, webhooks).Receipts.GetValueOrDefault((raced[0].Source, raced[0].WebhookId)), raced[0])!];
        }
        foreach (var chunk in fresh.Chunk(SignalsPerStatement(tx)))
        {
            // Only the rows this statement inserted come back: a signal a concurrent webhook carried was
            // already joined to its case by that webhook.
            var inserted = InsertSignals(tx, chunk, now);
            JoinCases(tx, chunk.Where(s => inserted.Contains((Wire(s.Kind), s.SignalId))));
        }
        return outcomes;
    }

    /// <summary>The webhook's signals not stored yet; null (and the conflict) when one was stored with different content.</summary>
    private static List<IncomingSignal>? NewSignals(IntakeWebhook webhook, Dictionary<(string, string), string> stored, out IntakeOutcome? conflict)
    {
        conflict = null;
        var fresh = new List<IncomingSignal>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signal in webhook.Signals)
        {
            if (!stored.TryGetValue((Wire(signal.Kind), signal.SignalId), out var payload))
            {
                if (seen.Add(signal.SignalId))
                {
                    fresh.Add(signal); // a second copy in the same body is the same signal
                }
            }
            else if (payload != signal.PayloadJson)
            {
                conflict = new IntakeOutcome(IntakeStatus.Conflict, $"{Wire(signal.Kind)} '{signal.SignalId}' was already received with different content.");
                return null;
            }
        }
        return fresh;
    }

    private bool IsHeld(IncomingSignal signal) => signal.Confidence is { } c && c < sweeps.Value.ImmediateThreshold;

    private static IntakeOutcome? Replay(string? receiptSha256, IntakeWebhook webhook)
        => receiptSha256 is null ? null
            : receiptSha256 == webhook.BodySha256 ? new IntakeOutcome(IntakeStatus.Replayed)
            : new IntakeOutcome(IntakeStatus.Conflict, $"webhook-id '{webhook.WebhookId}' was already received with a different body.");

    public static string Wire(SignalKind kind) => kind == SignalKind.Report ? "report" : "flag";
}

/// <summary>What the case workflow receives for each signal: a reference; the content stays in the database.</summary>
public sealed record SignalRef(SignalKind Kind, string SignalId);

/// <summary>Not every webhook and signal of a batch was new; the insert-first attempt kept nothing.</summary>
internal sealed class NotAllNewException() : Exception("A webhook or signal of the batch was delivered before.");

/// <summary>A concurrent transaction committed one of a batch's webhooks first; the batch kept nothing.</summary>
public sealed class IntakeRaceException() : Exception("A webhook of the batch was committed concurrently; accept the batch one webhook at a time.");
