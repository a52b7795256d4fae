using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Statements;

namespace EnforcementFlows.Enforcement.Storage;

/// <summary>A statement waiting for the Transparency Database, with how often its submission failed before.</summary>
public sealed record PendingSubmission(string StatementId, StatementOfReasons Statement, int Attempts);

/// <summary>A rejected statement as the Database explained it (for people to fix the mapping and see what was not published).</summary>
public sealed record RejectedSubmission(string StatementId, string Error, DateTimeOffset IssuedAt);

/// <summary>
/// The Transparency Database submission state of each statement (ef_statements.tdb_*), so retries survive restarts: <c>pending</c>
/// until the Database confirms it (<c>submitted</c>), explains why it will not take it (<c>rejected</c>, kept and reported), or it
/// is no decision the Database takes (<c>not_required</c>: a warning). Nothing leaves <c>pending</c> otherwise.
/// </summary>
public sealed class TransparencySubmissions(IDomainDatabase store, TimeProvider time)
{
    public Task<List<PendingSubmission>> DueAsync(int limit, CancellationToken ct)
        => store.QueryCommittedAsync("""
            SELECT statement_id, body, tdb_attempts FROM ef_statements WHERE tdb_state = 'pending' AND tdb_next_at <= $p0 ORDER BY issued_at, statement_id LIMIT $p1
            """, r => new PendingSubmission(r.GetString(0), StatementOfReasons.FromJson(r.GetString(1))!, r.GetInt32(2)), ct,
            time.GetUtcNow().ToUnixTimeMilliseconds(), limit);

    public Task MarkAsync(IEnumerable<string> statementIds, string state, string? note, CancellationToken ct)
        => store.RunInTransactionAsync(tx =>
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var id in statementIds)
            {
                tx.Defer("UPDATE ef_statements SET tdb_state = $p1, tdb_error = $p2, tdb_submitted_at = $p3 WHERE statement_id = $p0 AND tdb_state = 'pending'",
                    id, state, note, state == "submitted" ? now : null);
            }
            return true;
        }, ct);

    /// <summary>Leaves the statements pending until <paramref name="next"/>; <paramref name="countAttempt"/> false for a rate limit (not a failure).</summary>
    public Task DeferAsync(IEnumerable<string> statementIds, DateTimeOffset next, string error, bool countAttempt, CancellationToken ct)
        => store.RunInTransactionAsync(tx =>
        {
            foreach (var id in statementIds)
            {
                tx.Defer("UPDATE ef_statements SET tdb_next_at = $p1, tdb_error = $p2, tdb_attempts = tdb_attempts + $p3 WHERE statement_id = $p0 AND tdb_state = 'pending'",
                    id, next.ToUnixTimeMilliseconds(), error.Length > 1000 ? error[..1000] : error, countAttempt ? 1 : 0);
            }
            return true;
        }, ct);

    /// <summary>Statements per state (pending, submitted, rejected, not_required).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(CancellationToken ct)
        => (await store.QueryCommittedAsync("SELECT tdb_state, COUNT(*) FROM ef_statements GROUP BY tdb_state", r => (r.GetString(0), r.GetInt64(1)), ct))
            .ToDictionary(x => x.Item1, x => x.Item2);

    public Task<List<RejectedSubmission>> RejectedAsync(int limit, CancellationToken ct)
        => store.QueryCommittedAsync("SELECT statement_id, tdb_error, issued_at FROM ef_statements WHERE tdb_state = 'rejected' ORDER BY issued_at DESC LIMIT $p0",
            r => new RejectedSubmission(r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))), ct, limit);

    /// <summary>The state and last error of one statement (null when there is no such statement).</summary>
    public async Task<(string State, int Attempts, string? Error)?> StateAsync(string statementId, CancellationToken ct)
        => (await store.QueryCommittedAsync("SELECT tdb_state, tdb_attempts, tdb_error FROM ef_statements WHERE statement_id = $p0",
            r => ((string, int, string?)?)(r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2)), ct, statementId)).FirstOrDefault();
}
