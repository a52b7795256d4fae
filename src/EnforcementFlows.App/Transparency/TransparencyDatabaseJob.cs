using System.Text.Json.Nodes;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Statements;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Transparency;

/// <summary>
/// Submits statements of reasons to the DSA Transparency Database in batches (Art. 24(5)), in one process at a time (job lease).
/// The state is in the database (<see cref="TransparencySubmissions"/>), so a restart resumes; the puid is the statement id, so a
/// batch sent twice is recognised by the Database (422 existing_puids) and those statements count as submitted. A statement leaves
/// the queue only as submitted, rejected with the Database's reason (reported), or not required (warnings).
/// </summary>
internal sealed class TransparencyDatabaseJob(TransparencySubmissions submissions, JobLeases leases, PolicyEngine policy, IOptions<TransparencyDatabaseOptions> options,
    TimeProvider time, ILogger<TransparencyDatabaseJob> logger) : BackgroundService
{
    public const string LeaseName = "transparency-database";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var http = new HttpClient { Timeout = o.Timeout };
        var client = new TransparencyDatabaseClient(http, new Uri(o.BaseUrl!.TrimEnd('/') + "/"), o.Token!, time);
        Log.TransparencyDatabaseOn(logger, new Uri(o.BaseUrl!).Host, o.BatchSize);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await leases.TryTakeAsync(LeaseName, o.Interval + o.Timeout + TimeSpan.FromSeconds(30), stoppingToken)
                    ? await PassAsync(client, o, stoppingToken)
                    : o.Interval;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.TransparencyPassFailed(logger, ex.GetType().Name);
                wait = o.Interval;
            }
            await Task.Delay(wait, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One batch; returns how long to wait before the next (zero when more is due at once).</summary>
    internal async Task<TimeSpan> PassAsync(TransparencyDatabaseClient client, TransparencyDatabaseOptions o, CancellationToken ct)
    {
        var due = await submissions.DueAsync(o.BatchSize, ct);
        if (due.Count == 0)
        {
            return o.Interval;
        }
        var skipped = due.Where(d => !TransparencyStatementMapper.IsSubmittable(d.Statement)).Select(d => d.StatementId).ToList();
        if (skipped.Count > 0)
        {
            await submissions.MarkAsync(skipped, "not_required", "a warning restricts nothing (no Art. 17(1) decision)", ct);
        }
        var batch = due.Where(d => TransparencyStatementMapper.IsSubmittable(d.Statement)).ToList();
        if (batch.Count == 0)
        {
            return TimeSpan.Zero;
        }
        var statements = policy.Policy.Statements;
        var bodies = new JsonArray([.. batch.Select(d => (JsonNode)TransparencyStatementMapper.Map(d.Statement, statements))]);
        var ids = batch.Select(d => d.StatementId).ToList();
        switch (await client.SubmitAsync(bodies, ct))
        {
            case SubmitResult.Created:
                await submissions.MarkAsync(ids, "submitted", null, ct);
                Log.TransparencySubmitted(logger, ids.Count);
                return TimeSpan.Zero;
            case SubmitResult.Duplicates d:
                // Created by an earlier call whose answer was lost: idempotent by puid. The rest go again in the next pass.
                var known = ids.Intersect(d.Puids, StringComparer.Ordinal).ToList();
                await submissions.MarkAsync(known, "submitted", "already in the Database (same puid)", ct);
                Log.TransparencyDuplicates(logger, known.Count);
                if (known.Count == 0)
                {
                    await submissions.DeferAsync(ids, time.GetUtcNow() + Backoff(batch, o), "422 existing_puids naming none of the batch", true, ct);
                }
                return TimeSpan.Zero;
            case SubmitResult.Invalid invalid:
                // Nothing of the batch was created. The statements it explains are reported (kept as rejected with its reason); the
                // others are valid and go again at once.
                var rejected = invalid.Errors.Where(e => e.Key >= 0 && e.Key < batch.Count).ToList();
                foreach (var (index, error) in rejected)
                {
                    await submissions.MarkAsync([batch[index].StatementId], "rejected", error, ct);
                    Log.TransparencyRejected(logger, batch[index].StatementId, error.Length > 300 ? error[..300] : error);
                }
                if (rejected.Count == 0)
                {
                    await submissions.DeferAsync(ids, time.GetUtcNow() + Backoff(batch, o), "422 naming no statement of the batch", true, ct);
                }
                return TimeSpan.Zero;
            case SubmitResult.RateLimited limited:
                await submissions.DeferAsync(ids, time.GetUtcNow() + limited.RetryAfter, "429: rate limited", countAttempt: false, ct);
                Log.TransparencyRateLimited(logger, (long)limited.RetryAfter.TotalMilliseconds);
                return limited.RetryAfter;
            case SubmitResult.Failed failed:
                var backoff = Backoff(batch, o);
                await submissions.DeferAsync(ids, time.GetUtcNow() + backoff, failed.Reason, countAttempt: true, ct);
                Log.TransparencyFailed(logger, failed.Reason, ids.Count, (long)backoff.TotalMilliseconds);
                return backoff < o.Interval ? backoff : o.Interval;
            default:
                throw new InvalidOperationException("unknown submit result");
        }
    }

    /// <summary>1 s doubling per earlier failure of the batch's most-failed statement, up to MaxBackoff.</summary>
    private static TimeSpan Backoff(IReadOnlyList<PendingSubmission> batch, TransparencyDatabaseOptions o)
    {
        var attempts = Math.Min(batch.Max(b => b.Attempts), 30);
        var seconds = Math.Min(Math.Pow(2, attempts), o.MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds(seconds);
    }
}
