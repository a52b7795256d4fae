using System.Globalization;
using System.Text.Json;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Enforcement.Audit;

namespace EnforcementFlows.Enforcement.Storage;

/// <summary>
/// The audit trail in the runtime's database. Appends read the head and insert the linked record
/// in the same transaction as the change they describe. SQLite's single writer keeps it one chain;
/// on PostgreSQL an advisory lock held until COMMIT does.
/// </summary>
public sealed class AuditLedger(ITransactionalDurableStore store) : IAuditStore
{
    public Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        => store.RunInTransactionAsync(tx => Append(tx, entry), cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> ReadRangeAsync(long fromIndex, int maxCount, CancellationToken cancellationToken = default)
        => store.RunInTransactionAsync<IReadOnlyList<AuditRecord>>(tx => tx.Query(
            "SELECT idx, ts, case_id, account_id, kind, actor, data, prev_hash, hash FROM ef_audit WHERE idx >= $p0 ORDER BY idx LIMIT $p1",
            Read, fromIndex, maxCount), cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> ReadCaseAsync(string caseId, CancellationToken cancellationToken = default)
        => store.RunInTransactionAsync<IReadOnlyList<AuditRecord>>(tx => tx.Query(
            "SELECT idx, ts, case_id, account_id, kind, actor, data, prev_hash, hash FROM ef_audit WHERE case_id = $p0 ORDER BY idx",
            Read, caseId), cancellationToken);

    public Task<AuditHead> GetHeadAsync(CancellationToken cancellationToken = default)
        => store.RunInTransactionAsync(Head, cancellationToken);

    /// <summary>Appends inside a caller's transaction.</summary>
    public static AuditRecord Append(IDurableTransaction tx, AuditEntry entry)
    {
        if (tx.Dialect == "postgres")
        {
            // Several writer connections and processes append at once: whoever holds the lock reads
            // the head and links to it; the lock is released by the transaction's COMMIT.
            tx.Execute($"SELECT pg_advisory_xact_lock({EnforcementStorage.AuditLock})");
        }
        var record = AuditChain.Link(entry, Head(tx));
        tx.Execute("INSERT INTO ef_audit (idx, ts, case_id, account_id, kind, actor, data, prev_hash, hash) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8)",
            record.Index, record.Timestamp.ToString("O", CultureInfo.InvariantCulture), record.CaseId, record.AccountId, record.Kind.ToString(),
            record.Actor, record.Data.GetRawText(), record.PreviousHash, record.Hash);
        return record;
    }

    private static AuditHead Head(IDurableTransaction tx)
        => tx.Query("SELECT idx, hash FROM ef_audit ORDER BY idx DESC LIMIT 1", r => new AuditHead(r.GetInt64(0) + 1, r.GetString(1))).FirstOrDefault()
            ?? AuditHead.Empty;

    private static AuditRecord Read(IRowReader r)
    {
        using var data = JsonDocument.Parse(r.GetString(6));
        return new AuditRecord(r.GetInt64(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), Enum.Parse<AuditKind>(r.GetString(4)),
            r.GetString(5), data.RootElement.Clone(), r.GetString(7), r.GetString(8));
    }
}
