using System.Collections.Concurrent;
using System.Text;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Storage;

/// <summary>
/// The multi-row statements of intake. SQLite: VALUES lists of up to <see cref="Chunk"/> rows. PostgreSQL inserts:
/// array parameters (unnest), one statement text whatever the count, so it is parsed and planned once per
/// connection (a VALUES list of hundreds of parameters took milliseconds to plan on every call).
/// </summary>
public sealed partial class SignalIntake
{
    private static readonly ConcurrentDictionary<int, string> InsertSignalsSql = new();
    private static readonly ConcurrentDictionary<int, string> InsertReceiptsSql = new();

    /// <summary>Receipts (body hash by source and webhook-id) and stored payloads (by kind and signal id) of what the webhooks carry.</summary>
    private sealed record Known(Dictionary<(string Source, string WebhookId), string> Receipts, Dictionary<(string Kind, string SignalId), string> Signals);

    /// <summary>One statement for up to <see cref="Chunk"/> webhooks and <see cref="Chunk"/> signals; more cost one per chunk.</summary>
    private static Known Lookup(IDomainTransaction tx, IReadOnlyList<IntakeWebhook> webhooks)
    {
        var known = new Known(new(), new());
        var receipts = webhooks.Select(w => (Key: w.Source, Id: w.WebhookId)).Distinct().GroupBy(r => r.Key)
            .SelectMany(g => g.Select(r => r.Id).Chunk(Chunk).Select(ids => (Receipt: true, g.Key, ids))).ToList();
        var signals = webhooks.SelectMany(w => w.Signals).Select(s => (Key: Wire(s.Kind), Id: s.SignalId)).Distinct().GroupBy(s => s.Key)
            .SelectMany(g => g.Select(s => s.Id).Chunk(Chunk).Select(ids => (Receipt: false, g.Key, ids))).ToList();
        // Pair the n-th receipt part with the n-th signal part: a batch of up to 50 single reports is one statement.
        for (var n = 0; n < Math.Max(receipts.Count, signals.Count); n++)
        {
            var parts = new[] { n < receipts.Count ? receipts[n] : default, n < signals.Count ? signals[n] : default }.Where(p => p.ids is not null).ToList();
            var sql = new StringBuilder();
            var args = new List<object?>();
            foreach (var (receipt, key, ids) in parts)
            {
                sql.Append(sql.Length == 0 ? "" : " UNION ALL ").Append(receipt
                    ? "SELECT 0, source, webhook_id, body_sha256 FROM ef_receipts WHERE source = "
                    : "SELECT 1, kind, signal_id, payload FROM ef_signals WHERE kind = ");
                sql.Append("$p").Append(args.Count).Append(receipt ? " AND webhook_id IN (" : " AND signal_id IN (");
                args.Add(key);
                sql.AppendJoin(", ", ids.Select((_, i) => "$p" + (args.Count + i))).Append(')');
                args.AddRange(ids);
            }
            foreach (var (tag, a, b, value) in tx.Query(sql.ToString(), r => (r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3)), [.. args]))
            {
                if (tag == 0)
                {
                    known.Receipts[(a, b)] = value;
                }
                else
                {
                    known.Signals[(a, b)] = value;
                }
            }
        }
        return known;
    }

    private const string PostgresInsertReceipts = """
        INSERT INTO ef_receipts (source, webhook_id, body_sha256, signal_kind, signal_ids, received_at)
        SELECT t.*, $p5 FROM unnest($p0::text[], $p1::text[], $p2::text[], $p3::text[], $p4::text[]) AS t
        ON CONFLICT (source, webhook_id) DO NOTHING
        """;

    private static object?[] ReceiptArrays(IReadOnlyList<IntakeWebhook> webhooks, long now) =>
    [
        webhooks.Select(w => w.Source).ToArray(), webhooks.Select(w => w.WebhookId).ToArray(), webhooks.Select(w => w.BodySha256).ToArray(),
        webhooks.Select(w => Wire(w.Signals[0].Kind)).ToArray(), webhooks.Select(w => string.Join('\n', w.Signals.Select(s => s.SignalId))).ToArray(), now,
    ];

    /// <summary>PostgreSQL, webhooks believed new: the receipts' insert must insert every one (a guarded write).</summary>
    private static void InsertNewReceipts(IDomainTransaction tx, IReadOnlyList<IntakeWebhook> webhooks, long now)
        => tx.DeferExpecting(webhooks.Count, PostgresInsertReceipts, ReceiptArrays(webhooks, now));

    /// <summary>Inserts the webhooks' receipts; returns the webhooks whose receipt a concurrent transaction committed first.</summary>
    private static List<IntakeWebhook> InsertReceipts(IDomainTransaction tx, IReadOnlyList<IntakeWebhook> webhooks, long now)
    {
        var raced = new List<IntakeWebhook>();
        if (tx.Dialect == "postgres")
        {
            var inserted = tx.Query(PostgresInsertReceipts + " RETURNING source, webhook_id", r => (r.GetString(0), r.GetString(1)), ReceiptArrays(webhooks, now))
                .ToHashSet();
            raced.AddRange(webhooks.Where(w => !inserted.Contains((w.Source, w.WebhookId))));
            return raced;
        }
        foreach (var chunk in webhooks.Chunk(Chunk))
        {
            var args = new List<object?>(chunk.Length * 6);
            foreach (var w in chunk)
            {
                args.AddRange([w.Source, w.WebhookId, w.BodySha256, Wire(w.Signals[0].Kind), string.Join('\n', w.Signals.Select(s => s.SignalId)), now]);
            }
            var sql = InsertReceiptsSql.GetOrAdd(chunk.Length, count => Values(
                "INSERT INTO ef_receipts (source, webhook_id, body_sha256, signal_kind, signal_ids, received_at) VALUES ", count, 6,
                " ON CONFLICT (source, webhook_id) DO NOTHING RETURNING source, webhook_id"));
            var inserted = tx.Query(sql, r => (r.GetString(0), r.GetString(1)), [.. args]).ToHashSet();
            raced.AddRange(chunk.Where(w => !inserted.Contains((w.Source, w.WebhookId))));
        }
        return raced;
    }

    private const string PostgresInsertSignals = """
        INSERT INTO ef_signals (kind, signal_id, account_id, category, reporter_id, confidence, held, payload, instance_id, received_at)
        SELECT t.*, $p9 FROM unnest($p0::text[], $p1::text[], $p2::text[], $p3::text[], $p4::text[], $p5::float8[], $p6::int[], $p7::text[], $p8::text[]) AS t
        ON CONFLICT (kind, signal_id) DO NOTHING
        """;

    private object?[] SignalArrays(IncomingSignal[] chunk, long now) =>
    [
        chunk.Select(s => Wire(s.Kind)).ToArray(), chunk.Select(s => s.SignalId).ToArray(), chunk.Select(s => s.AccountId).ToArray(),
        chunk.Select(s => s.Category.ToWireName()).ToArray(), chunk.Select(s => s.ReporterId).ToArray(), chunk.Select(s => s.Confidence).ToArray(),
        chunk.Select(s => IsHeld(s) ? 1 : 0).ToArray(), chunk.Select(s => s.PayloadJson).ToArray(),
        chunk.Select(s => Workflows.CaseConclusions.InstanceIdFor(s.AccountId)).ToArray(), now,
    ];

    /// <summary>PostgreSQL, signals believed new: the insert must insert every one (a guarded write).</summary>
    private void InsertNewSignals(IDomainTransaction tx, IncomingSignal[] chunk, long now) => tx.DeferExpecting(chunk.Length, PostgresInsertSignals, SignalArrays(chunk, now));

    /// <summary>Inserts the signals that are new; returns the (kind, id) of those this statement inserted.</summary>
    private HashSet<(string, string)> InsertSignals(IDomainTransaction tx, IncomingSignal[] chunk, long now)
    {
        if (tx.Dialect == "postgres")
        {
            return tx.Query(PostgresInsertSignals + " RETURNING kind, signal_id", r => (r.GetString(0), r.GetString(1)), SignalArrays(chunk, now)).ToHashSet();
        }
        var args = new List<object?>(chunk.Length * 10);
        foreach (var signal in chunk)
        {
            args.AddRange([Wire(signal.Kind), signal.SignalId, signal.AccountId, signal.Category.ToWireName(), signal.ReporterId,
                signal.Confidence, IsHeld(signal) ? 1 : 0, signal.PayloadJson, Workflows.CaseConclusions.InstanceIdFor(signal.AccountId), now]);
        }
        var sql = InsertSignalsSql.GetOrAdd(chunk.Length, count => Values(
            "INSERT INTO ef_signals (kind, signal_id, account_id, category, reporter_id, confidence, held, payload, instance_id, received_at) VALUES ", count, 10,
            " ON CONFLICT (kind, signal_id) DO NOTHING RETURNING kind, signal_id"));
        return tx.Query(sql, r => (r.GetString(0), r.GetString(1)), [.. args]).ToHashSet();
    }

    /// <summary>A multi-row INSERT: <paramref name="rows"/> tuples of <paramref name="columns"/> parameters.</summary>
    private static string Values(string insert, int rows, int columns, string tail) => new StringBuilder(insert)
        .AppendJoin(", ", Enumerable.Range(0, rows).Select(row => "(" + string.Join(", ", Enumerable.Range(row * columns, columns).Select(i => "$p" + i)) + ")"))
        .Append(tail)
        .ToString();
}
