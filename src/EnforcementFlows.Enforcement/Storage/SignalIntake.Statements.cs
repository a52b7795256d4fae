using System.Collections.Concurrent;
using System.Text;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Storage;

/// <summary>The multi-row statements of intake; their text depends only on the row count, so stores can cache them.</summary>
public sealed partial class SignalIntake
{
    private static readonly ConcurrentDictionary<int, string> LookupSql = new();
    private static readonly ConcurrentDictionary<int, string> InsertSql = new();

    /// <summary>
    /// The webhook's receipt (its body hash, null when new) and the stored payloads of the signals
    /// among the first <see cref="Chunk"/>; further chunks cost a round trip each.
    /// </summary>
    private static (string? Receipt, Dictionary<string, string> Stored) ReceiptAndStoredSignals(
        IDurableTransaction tx, string source, string webhookId, string kind, IReadOnlyList<IncomingSignal> signals)
    {
        string? receipt = null;
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        var chunks = signals.Select(s => s.SignalId).Distinct(StringComparer.Ordinal).Chunk(Chunk).ToList();
        if (chunks.Count == 0)
        {
            chunks.Add([]);
        }
        for (var c = 0; c < chunks.Count; c++)
        {
            var ids = chunks[c];
            var sql = LookupSql.GetOrAdd(ids.Length, Lookup);
            // The receipt rides along with the first chunk; later chunks ask for a webhook-id that cannot exist.
            object?[] args = [source, c == 0 ? webhookId : null, kind, .. ids];
            foreach (var (tag, id, value) in tx.Query(sql, r => (r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2)), args))
            {
                if (tag == 0)
                {
                    receipt = value;
                }
                else
                {
                    stored[id!] = value;
                }
            }
        }
        return (receipt, stored);
    }

    private static string Lookup(int count)
    {
        var sql = new StringBuilder("SELECT 0, CAST(NULL AS TEXT), body_sha256 FROM ef_receipts WHERE source = $p0 AND webhook_id = $p1");
        if (count > 0)
        {
            sql.Append(" UNION ALL SELECT 1, signal_id, payload FROM ef_signals WHERE kind = $p2 AND signal_id IN (");
            sql.AppendJoin(", ", Enumerable.Range(3, count).Select(i => "$p" + i)).Append(')');
        }
        return sql.ToString();
    }

    /// <summary>Inserts the signals that are new; returns the ids this statement inserted.</summary>
    private HashSet<string> InsertSignals(IDurableTransaction tx, IncomingSignal[] chunk, long now)
    {
        var args = new List<object?>(chunk.Length * 10);
        foreach (var signal in chunk)
        {
            args.AddRange([Wire(signal.Kind), signal.SignalId, signal.AccountId, signal.Category.ToWireName(), signal.ReporterId,
                signal.Confidence, IsHeld(signal) ? 1 : 0, signal.PayloadJson, Workflows.CaseWorkflow.InstanceIdFor(signal.AccountId), now]);
        }
        var sql = InsertSql.GetOrAdd(chunk.Length, count => new StringBuilder()
            .Append("INSERT INTO ef_signals (kind, signal_id, account_id, category, reporter_id, confidence, held, payload, instance_id, received_at) VALUES ")
            .AppendJoin(", ", Enumerable.Range(0, count).Select(row => "(" + string.Join(", ", Enumerable.Range(row * 10, 10).Select(i => "$p" + i)) + ")"))
            .Append(" ON CONFLICT (kind, signal_id) DO NOTHING RETURNING signal_id")
            .ToString());
        return tx.Query(sql, r => r.GetString(0), [.. args]).ToHashSet(StringComparer.Ordinal);
    }
}
