using EnforcementFlows.Storage;

namespace EnforcementFlows.Enforcement.Notices;

public sealed record QueuedNotice(string NoticeId, string Body, int Attempts);

public sealed record NoticeView(string NoticeId, string RecipientKind, string RecipientId, string Body, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, int Attempts);

/// <summary>The queued outcome notices: the relay takes the due ones, marks them sent or failed; the API lists a case's.</summary>
public sealed class NoticeOutbox(IDomainDatabase store, TimeProvider time)
{
    public Task<List<QueuedNotice>> DueAsync(int limit, CancellationToken ct)
        => store.QueryCommittedAsync("SELECT notice_id, body, attempts FROM ef_notices WHERE sent_at IS NULL AND next_at <= $p0 ORDER BY created_at, notice_id LIMIT $p1",
            r => new QueuedNotice(r.GetString(0), r.GetString(1), r.GetInt32(2)), ct, time.GetUtcNow().ToUnixTimeMilliseconds(), limit);

    public Task MarkSentAsync(string noticeId, CancellationToken ct)
        => store.RunInTransactionAsync(tx =>
        {
            tx.Defer("UPDATE ef_notices SET sent_at = $p1 WHERE notice_id = $p0 AND sent_at IS NULL", noticeId, time.GetUtcNow().ToUnixTimeMilliseconds());
            return true;
        }, ct);

    public Task MarkFailedAsync(string noticeId, TimeSpan retryIn, string error, CancellationToken ct)
        => store.RunInTransactionAsync(tx =>
        {
            tx.Defer("UPDATE ef_notices SET attempts = attempts + 1, next_at = $p1, last_error = $p2 WHERE notice_id = $p0",
                noticeId, (time.GetUtcNow() + retryIn).ToUnixTimeMilliseconds(), error.Length > 500 ? error[..500] : error);
            return true;
        }, ct);

    public Task<List<NoticeView>> ForCaseAsync(string caseId, CancellationToken ct)
        => store.QueryCommittedAsync("SELECT notice_id, recipient_kind, recipient_id, body, created_at, sent_at, attempts FROM ef_notices WHERE case_id = $p0 ORDER BY created_at, notice_id",
            r => new NoticeView(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
                r.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)), r.GetInt32(6)), ct, caseId);
}
