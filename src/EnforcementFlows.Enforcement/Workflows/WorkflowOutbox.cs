using System.Text.Json;
using EnforcementFlows.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>One outbox row: what to deliver, and how often delivery failed before.</summary>
public sealed record OutboxRow(long Seq, string Kind, string Subject, string Payload, int Attempts)
{
    public T Read<T>() => JsonSerializer.Deserialize<T>(Payload, WorkflowOutbox.Json)
        ?? throw new InvalidDataException($"Outbox row {Seq} ({Kind}) has an empty payload.");
}

/// <summary>The relay's view of the workflow outbox: the oldest unsent rows, and marking them sent or failed.</summary>
public sealed class WorkflowOutbox(IDomainDatabase store, TimeProvider time)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Unsent rows in commit order (read outside the writer; delivery is at least once anyway).</summary>
    public Task<List<OutboxRow>> PendingAsync(int limit, CancellationToken cancellation)
        => store.QueryCommittedAsync("SELECT seq, kind, subject, payload, attempts FROM ef_workflow_outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $p0",
            r => new OutboxRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4)), cancellation, limit);

    public Task MarkSentAsync(IReadOnlyList<long> seqs, CancellationToken cancellation)
        => store.RunInTransactionAsync(tx =>
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (tx.Dialect == "postgres")
            {
                // One statement for the pass's rows, not one per row (each is work for both sides).
                tx.Defer("UPDATE ef_workflow_outbox SET sent_at = $p1 WHERE seq = ANY($p0::bigint[]) AND sent_at IS NULL", seqs.ToArray(), now);
                return true;
            }
            foreach (var seq in seqs)
            {
                tx.Defer("UPDATE ef_workflow_outbox SET sent_at = $p1 WHERE seq = $p0 AND sent_at IS NULL", seq, now);
            }
            return true;
        }, cancellation);

    /// <summary>Records a failed delivery; the error text is the exception's message (never a payload).</summary>
    public Task MarkFailedAsync(long seq, string error, CancellationToken cancellation)
        => store.RunInTransactionAsync(tx =>
        {
            tx.Defer("UPDATE ef_workflow_outbox SET attempts = attempts + 1, last_error = $p1 WHERE seq = $p0", seq, error.Length > 500 ? error[..500] : error);
            return true;
        }, cancellation);

    /// <summary>How long the oldest undelivered row has waited; null when every row went out.</summary>
    public async Task<TimeSpan?> OldestPendingAgeAsync(CancellationToken cancellation)
    {
        var oldest = (await store.QueryCommittedAsync("SELECT MIN(created_at) FROM ef_workflow_outbox WHERE sent_at IS NULL",
            r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0), cancellation)).SingleOrDefault();
        return oldest is { } ms ? time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>Rows not yet delivered (for readiness and the dashboard).</summary>
    public async Task<long> BacklogAsync(CancellationToken cancellation)
        => (await store.QueryCommittedAsync("SELECT COUNT(*) FROM ef_workflow_outbox WHERE sent_at IS NULL", r => r.GetInt64(0), cancellation)).Single();
}
