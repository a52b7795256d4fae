using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// Purge: deletes finished instances (completed, failed, terminated, canceled) with their history,
/// inbox and pending activities. Running, pending and suspended instances are never purged.
/// </summary>
public sealed partial class SqliteOrchestrationService
{
    private const int PurgeChunk = 500;

    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        var deleted = await Writer.RunAsync(context => PurgeIds(context, [instanceId])).ConfigureAwait(false);
        return new PurgeResult(deleted, isComplete: true);
    }

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        var statuses = (purgeInstanceFilter.RuntimeStatus ?? []).Where(IsTerminal).ToList();
        if (purgeInstanceFilter.RuntimeStatus is not null && statuses.Count == 0)
        {
            return Task.FromResult(new PurgeResult(0, isComplete: true));
        }
        var statusFilter = string.Join(", ", statuses.Count > 0 ? statuses.Select(s => (int)s) : TerminalStatuses);
        var where = $"status IN ({statusFilter}) AND created_at >= $from" + (purgeInstanceFilter.CreatedTimeTo is null ? "" : " AND created_at <= $to");
        return PurgeWhereAsync(where, ("$from", Ticks(purgeInstanceFilter.CreatedTimeFrom)), ("$to", purgeInstanceFilter.CreatedTimeTo is { } to ? Ticks(to) : null));
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
        await PurgeWhereAsync($"status IN ({string.Join(", ", TerminalStatuses)}) AND {column} < $before", ("$before", Ticks(thresholdDateTimeUtc))).ConfigureAwait(false);
    }

    private static readonly int[] TerminalStatuses = [(int)OrchestrationStatus.Completed, (int)OrchestrationStatus.Failed, (int)OrchestrationStatus.Terminated, (int)OrchestrationStatus.Canceled];

    /// <summary>Purges in chunks, one transaction each, so a large purge does not hold the writer for long.</summary>
    private async Task<PurgeResult> PurgeWhereAsync(string where, params (string Name, object? Value)[] parameters)
    {
        var total = 0;
        while (true)
        {
            var deleted = await Writer.RunAsync(context =>
            {
                var ids = new List<string>();
                using (var select = context.Command($"SELECT instance_id FROM instances WHERE {where} LIMIT {PurgeChunk}"))
                {
                    foreach (var (name, value) in parameters)
                    {
                        select.Parameters.AddWithValue(name, value ?? DBNull.Value);
                    }
                    using var reader = select.ExecuteReader();
                    while (reader.Read())
                    {
                        ids.Add(reader.GetString(0));
                    }
                }
                return PurgeIds(context, ids);
            }).ConfigureAwait(false);
            total += deleted;
            if (deleted < PurgeChunk)
            {
                return new PurgeResult(total, isComplete: true);
            }
        }
    }

    private static int PurgeIds(WriteContext context, IReadOnlyList<string> ids)
    {
        var purged = 0;
        foreach (var id in ids)
        {
            var removed = context.Execute($"DELETE FROM instances WHERE instance_id = $id AND status IN ({string.Join(", ", TerminalStatuses)})", ("$id", id));
            if (removed == 0)
            {
                continue;
            }
            foreach (var table in new[] { "history", "messages", "sessions", "activities" })
            {
                context.Execute($"DELETE FROM {table} WHERE instance_id = $id", ("$id", id));
            }
            purged++;
        }
        return purged;
    }
}
