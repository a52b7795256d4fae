namespace EnforcementFlows.Enforcement.Audit;

/// <summary>
/// Append-only storage for the audit chain. Implementations must make each append atomic with respect to
/// the head: read the head, <see cref="AuditChain.Link"/> the entry to it, and persist, with no other append
/// in between, so that the chain never forks.
/// </summary>
public interface IAuditStore
{
    /// <summary>Appends one entry as the next record and returns it with its index and hashes.</summary>
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="maxCount"/> records starting at <paramref name="fromIndex"/>, in index order.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadRangeAsync(long fromIndex, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The current record count and last hash; export this to detect later truncation.</summary>
    Task<AuditHead> GetHeadAsync(CancellationToken cancellationToken = default);
}
