using EnforcementFlows.Storage;

namespace EnforcementFlows.Enforcement.Storage;

/// <summary>
/// Named leases in the shared database, for background jobs that must run in one process at a time
/// when several share a database (the audit archive's sealer). Taking a lease that this holder already
/// has renews it; a lease whose holder stopped renewing is free once it expires.
/// </summary>
public sealed class JobLeases(IDomainDatabase store, TimeProvider time)
{
    /// <summary>This process's identity as a holder.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public Task<bool> TryTakeAsync(string name, TimeSpan duration, CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        // One statement, so two processes racing on PostgreSQL resolve on the row lock: the second
        // re-reads the winner's row and its WHERE no longer matches.
        return store.RunInTransactionAsync(tx => tx.Execute("""
            INSERT INTO ef_leases (name, holder, expires_at) VALUES ($p0, $p1, $p2)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE ef_leases.holder = excluded.holder OR ef_leases.expires_at <= $p3
            """, name, Holder, (now + duration).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds()) == 1, cancellation);
    }
}
