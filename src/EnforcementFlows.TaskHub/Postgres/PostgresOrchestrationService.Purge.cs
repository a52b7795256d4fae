using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// Purge: deletes finished instances (completed, failed, terminated, canceled) with their history,
/// inbox and pending activities, in chunks of one transaction each. Running, pending and suspended
/// instances are never purged.
/// </summary>
public sealed partial class PostgresOrchestrationService
{
    private const int PurgeChunk = 500;

    private static readonly int[] TerminalStatuses = [(int)OrchestrationStatus.Completed, (int)OrchestrationStatus.Failed, (int)OrchestrationStatus.Terminated, (int)OrchestrationStatus.Canceled];

    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        var deleted = await Writer.RunAsync(s => PurgeIds(s, [instanceId])).ConfigureAwait(false);
        return new PurgeResult(deleted, isComplete: true);
    }

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        var statuses = (purgeInstanceFilter.RuntimeStatus ?? []).Where(IsTerminal).Select(s => (int)s).ToArray();
        if (purgeInstanceFilter.RuntimeStatus is not null && statuses.Length == 0)
        {
            return Task.FromResult(new PurgeResult(0, isComplete: true));
        }
        var to = purgeInstanceFilter.CreatedTimeTo is { } t ? Ticks(t) : long.MaxValue;
        return PurgeWhereAsync("status = ANY($1) AND created_at >= $2 AND created_at <= $3", statuses.Length > 0 ? statuses : TerminalStatuses, Ticks(purgeInstanceFilter.CreatedTimeFrom), to);
    }

    public async Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        var column = timeRangeFilterType switch
        {
            OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter => "created_at",
            OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter => "completed_at",
            OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter => "last_updated_at",
            _ => throw new ArgumentOutOfRangeException(nameof(timeRangeFilterType), timeRangeFilterType, "Unknown time range filter"),
        };
        await PurgeWhereAsync($"status = ANY($1) AND {column} < $2", TerminalStatuses, Ticks(thresholdDateTimeUtc)).ConfigureAwait(false);
    }

    private async Task<PurgeResult> PurgeWhereAsync(string where, params object[] args)
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        var total = 0;
        while (true)
        {
            var deleted = await Writer.RunAsync(s =>
            {
                var ids = s.Rows($"SELECT instance_id FROM {_s}.instances WHERE {where} LIMIT {PurgeChunk} FOR UPDATE SKIP LOCKED", args).Select(r => (string)r[0]).ToList();
                return PurgeIds(s, ids);
            }).ConfigureAwait(false);
            total += deleted;
            if (deleted < PurgeChunk)
            {
                return new PurgeResult(total, isComplete: true);
            }
        }
    }

    private int PurgeIds(PgSession s, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
        {
            return 0;
        }
        var purged = s.Rows($"DELETE FROM {_s}.instances WHERE instance_id = ANY($1) AND status = ANY($2) RETURNING instance_id", ids.ToArray(), TerminalStatuses).Select(r => (string)r[0]).ToArray();
        if (purged.Length > 0)
        {
            foreach (var table in new[] { "history", "messages", "sessions", "activities" })
            {
                s.Defer($"DELETE FROM {_s}.{table} WHERE instance_id = ANY($1)", (object)purged);
            }
        }
        return purged.Length;
    }
}
