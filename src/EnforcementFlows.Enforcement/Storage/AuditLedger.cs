using System.Globalization;
using System.Text.Json;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Audit;

namespace EnforcementFlows.Enforcement.Storage;

/// <summary>
/// The audit trail in the runtime's database. Records are appended in the same transaction as the
/// change they describe and linked to the chain just before it commits (see <see cref="PendingAppends"/>).
/// </summary>
public sealed class AuditLedger(IDomainDatabase store) : IAuditStore
{
    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        => (await store.RunInTransactionAsync(tx => Append(tx, entry), cancellationToken)).Record;

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

    /// <summary>Appends inside a caller's transaction; the record is linked (and readable) once it commits.</summary>
    public static PendingAuditRecord Append(IDomainTransaction tx, AuditEntry entry) => tx.Participant<PendingAppends>().Add(entry);

    private static AuditHead Head(IDomainTransaction tx)
        => tx.Query("SELECT idx, hash FROM ef_audit ORDER BY idx DESC LIMIT 1", r => new AuditHead(r.GetInt64(0) + 1, r.GetString(1))).FirstOrDefault()
            ?? AuditHead.Empty;

    private static AuditRecord Read(IRowReader r)
    {
        using var data = JsonDocument.Parse(r.GetString(6));
        return new AuditRecord(r.GetInt64(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), Enum.Parse<AuditKind>(r.GetString(4)),
            r.GetString(5), data.RootElement.Clone(), r.GetString(7), r.GetString(8));
    }

    /// <summary>
    /// The audit entries of one group commit, in the order its operations appended them. Just before
    /// COMMIT they are linked to the head in one go: on PostgreSQL under an advisory lock (several
    /// writer connections and processes append at once) taken in the same round trip as the head read
    /// and released by the COMMIT that follows, so the chain stays one chain and the lock is held for
    /// two round trips per transaction rather than from its first append to its end. SQLite's single
    /// writer needs no lock.
    /// </summary>
    internal sealed class PendingAppends : ICommitParticipant
    {
        private readonly List<(AuditEntry Entry, PendingAuditRecord Handle)> _pending = [];

        public int Mark => _pending.Count;

        public PendingAuditRecord Add(AuditEntry entry)
        {
            var handle = new PendingAuditRecord();
            _pending.Add((entry, handle));
            return handle;
        }

        public void RollbackTo(int mark) => _pending.RemoveRange(mark, _pending.Count - mark);

        public void BeforeCommit(IDomainTransaction tx)
        {
            if (_pending.Count == 0)
            {
                return;
            }
            if (tx.Dialect == "postgres")
            {
                // A DO block returns no result set, so it can ride in front of the head query; each statement
                // of that round trip reads a fresh snapshot, so the head is read after the lock is ours.
                tx.Defer(EnforcementStorage.TakeAuditLock);
            }
            var head = Head(tx);
            var records = new List<AuditRecord>(_pending.Count);
            foreach (var (entry, handle) in _pending)
            {
                var record = AuditChain.Link(entry, head);
                records.Add(record);
                handle.Record = record;
                head = new AuditHead(record.Index + 1, record.Hash);
            }
            Insert(tx, records);
        }

        /// <summary>PostgreSQL: one statement over arrays for the whole group commit (a statement per record was a fifth of its statements).</summary>
        private static void Insert(IDomainTransaction tx, List<AuditRecord> records)
        {
            if (tx.Dialect == "postgres")
            {
                tx.Defer("""
                    INSERT INTO ef_audit (idx, ts, case_id, account_id, kind, actor, data, prev_hash, hash)
                    SELECT * FROM unnest($p0::bigint[], $p1::text[], $p2::text[], $p3::text[], $p4::text[], $p5::text[], $p6::text[], $p7::text[], $p8::text[])
                    """,
                    records.Select(r => r.Index).ToArray(), records.Select(Timestamp).ToArray(), records.Select(r => r.CaseId).ToArray(),
                    records.Select(r => r.AccountId).ToArray(), records.Select(r => r.Kind.ToString()).ToArray(), records.Select(r => r.Actor).ToArray(),
                    records.Select(r => r.Data.GetRawText()).ToArray(), records.Select(r => r.PreviousHash).ToArray(), records.Select(r => r.Hash).ToArray());
                return;
            }
            foreach (var record in records)
            {
                tx.Defer("INSERT INTO ef_audit (idx, ts, case_id, account_id, kind, actor, data, prev_hash, hash) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8)",
                    record.Index, Timestamp(record), record.CaseId, record.AccountId, record.Kind.ToString(),
                    record.Actor, record.Data.GetRawText(), record.PreviousHash, record.Hash);
            }
        }

        private static string Timestamp(AuditRecord record) => record.Timestamp.ToString("O", CultureInfo.InvariantCulture);
    }
}

/// <summary>An audit entry appended inside a transaction: its linked record is known once the transaction commits.</summary>
public sealed class PendingAuditRecord
{
    private AuditRecord? _record;

    public AuditRecord Record
    {
        get => _record ?? throw new InvalidOperationException("The audit record is linked when its transaction commits.");
        internal set => _record = value;
    }
}
