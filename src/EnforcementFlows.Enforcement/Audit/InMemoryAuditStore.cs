namespace EnforcementFlows.Enforcement.Audit;

/// <summary>An <see cref="IAuditStore"/> held in memory, for tests and for hosts that export the chain elsewhere.</summary>
public sealed class InMemoryAuditStore : IAuditStore
{
    private readonly List<AuditRecord> _records = [];
    private readonly Lock _gate = new();

    public Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var record = AuditChain.Link(entry, HeadUnderLock());
            _records.Add(record);
            return Task.FromResult(record);
        }
    }

    public Task<IReadOnlyList<AuditRecord>> ReadRangeAsync(long fromIndex, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        lock (_gate)
        {
            var start = (int)Math.Min(fromIndex, _records.Count);
            var count = Math.Min(maxCount, _records.Count - start);
            return Task.FromResult<IReadOnlyList<AuditRecord>>(_records.GetRange(start, count).ToArray());
        }
    }

    public Task<AuditHead> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(HeadUnderLock());
        }
    }

    private AuditHead HeadUnderLock() => _records.Count == 0 ? AuditHead.Empty : new AuditHead(_records.Count, _records[^1].Hash);
}
