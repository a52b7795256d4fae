using System.Globalization;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Query;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// Instance queries: by status, created time, name (<see cref="TaskHubOrchestrationQuery"/>) and id
/// prefix, in pages ordered by (created time, instance id). The continuation token is the last row's
/// key, so pages neither skip nor repeat instances while others are created.
/// </summary>
public sealed partial class SqliteOrchestrationService
{
    private const int DefaultPageSize = 100;

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = query.PageSize > 0 ? Math.Min(query.PageSize, 1000) : DefaultPageSize;
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.RuntimeStatus is { Count: > 0 } statuses)
        {
            where.Add($"status IN ({string.Join(", ", statuses.Select(s => (int)s))})");
        }
        if (query.CreatedTimeFrom is { } from)
        {
            where.Add("created_at >= $from");
            command.Parameters.AddWithValue("$from", Ticks(from));
        }
        if (query.CreatedTimeTo is { } to)
        {
            where.Add("created_at <= $to");
            command.Parameters.AddWithValue("$to", Ticks(to));
        }
        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            // Range on the primary key instead of LIKE: no escaping of '%' and '_' in ids, and indexable.
            where.Add("instance_id >= $prefix AND instance_id < $prefixEnd");
            command.Parameters.AddWithValue("$prefix", query.InstanceIdPrefix);
            command.Parameters.AddWithValue("$prefixEnd", query.InstanceIdPrefix + '\uffff');
        }
        if (query is TaskHubOrchestrationQuery { Name: { Length: > 0 } name })
        {
            where.Add("name = $name");
            command.Parameters.AddWithValue("$name", name);
        }
        if (DecodeToken(query.ContinuationToken) is { } after)
        {
            where.Add("(created_at > $afterCreated OR (created_at = $afterCreated AND instance_id > $afterId))");
            command.Parameters.AddWithValue("$afterCreated", after.Created);
            command.Parameters.AddWithValue("$afterId", after.InstanceId);
        }
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        command.CommandText = $"SELECT {StateColumns} FROM instances {filter} ORDER BY created_at, instance_id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", pageSize + 1);
        var states = new List<OrchestrationState>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                states.Add(ReadState(reader, query.FetchInputsAndOutputs));
            }
        }
        string? token = null;
        if (states.Count > pageSize)
        {
            states.RemoveAt(pageSize);
            var last = states[^1];
            token = EncodeToken(Ticks(last.CreatedTime), last.OrchestrationInstance.InstanceId);
        }
        return Task.FromResult(new OrchestrationQueryResult(states, token));
    }

    private static string EncodeToken(long created, string instanceId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(created.ToString(CultureInfo.InvariantCulture) + "|" + instanceId));

    private static (long Created, string InstanceId)? DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return (long.Parse(text[..bar], CultureInfo.InvariantCulture), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException("The continuation token is not one this task hub issued", nameof(token), ex);
        }
    }
}
