using System.Globalization;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Query;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// Instance queries: by status, created time, name (<see cref="TaskHubOrchestrationQuery"/>) and id
/// prefix, in pages ordered by (created time, instance id). The continuation token is the last row's
/// key, so pages neither skip nor repeat instances while others are created.
/// </summary>
public sealed partial class PostgresOrchestrationService
{
    private const int DefaultPageSize = 100;

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = query.PageSize > 0 ? Math.Min(query.PageSize, 1000) : DefaultPageSize;
        var where = new List<string>();
        var args = new List<object?>();
        string Arg(object value)
        {
            args.Add(value);
            return "$" + args.Count.ToString(CultureInfo.InvariantCulture);
        }
        if (query.RuntimeStatus is { Count: > 0 } statuses)
        {
            where.Add($"status = ANY({Arg(statuses.Select(s => (int)s).ToArray())})");
        }
        if (query.CreatedTimeFrom is { } from)
        {
            where.Add($"created_at >= {Arg(Ticks(from))}");
        }
        if (query.CreatedTimeTo is { } to)
        {
            where.Add($"created_at <= {Arg(Ticks(to))}");
        }
        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            // A prefix match on the bytes (COLLATE "C"): no escaping of '%' and '_' in ids.
            where.Add($"left(instance_id, {Arg(query.InstanceIdPrefix.Length)}) = {Arg(query.InstanceIdPrefix)}");
        }
        if (query is TaskHubOrchestrationQuery { Name: { Length: > 0 } name })
        {
            where.Add($"name = {Arg(name)}");
        }
        if (DecodeToken(query.ContinuationToken) is { } after)
        {
            where.Add($"(created_at, instance_id COLLATE \"C\") > ({Arg(after.Created)}, {Arg(after.InstanceId)} COLLATE \"C\")");
        }
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        var sql = $"SELECT {StateColumns} FROM {_s}.instances {filter} ORDER BY created_at, instance_id COLLATE \"C\" LIMIT {Arg(pageSize + 1)}";
        return ReadAsync(async connection =>
        {
            await using var command = Command(connection, sql, [.. args]);
            var states = new List<OrchestrationState>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
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
            return new OrchestrationQueryResult(states, token);
        });
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
