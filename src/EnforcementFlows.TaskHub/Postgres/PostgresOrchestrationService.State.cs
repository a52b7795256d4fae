using DurableTask.Core;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Sqlite;
using Npgsql;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>Reading instance state and history (pooled connections; never the writers').</summary>
public sealed partial class PostgresOrchestrationService
{
    private const string StateColumns = "instance_id, execution_id, name, version, status, created_at, last_updated_at, completed_at, custom_status, details, input, output";

    /// <summary>Only the latest execution is kept (continue-as-new replaces the history), so this is a list of at most one.</summary>
    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        var state = await GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false);
        return state is null ? [] : [state];
    }

    public Task<OrchestrationState?> GetOrchestrationStateAsync(string instanceId, string? executionId) => ReadAsync(async connection =>
    {
        await using var command = Command(connection, $"SELECT {StateColumns} FROM {_s}.instances WHERE instance_id = $1", instanceId);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return null;
        }
        var state = ReadState(reader, withPayloads: true);
        return string.IsNullOrEmpty(executionId) || executionId == state.OrchestrationInstance.ExecutionId ? state : null;
    });

    /// <summary>The history of the instance's current execution, as a JSON array of DTFx history events (see <see cref="TaskHubJson.DeserializeHistory"/>).</summary>
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string? executionId) => ReadAsync(async connection =>
    {
        await using var command = string.IsNullOrEmpty(executionId)
            ? Command(connection, $"SELECT h.body FROM {_s}.history h JOIN {_s}.instances i ON i.instance_id = h.instance_id AND i.execution_id = h.execution_id WHERE h.instance_id = $1 ORDER BY h.sequence", instanceId)
            : Command(connection, $"SELECT body FROM {_s}.history WHERE instance_id = $1 AND execution_id = $2 ORDER BY sequence", instanceId, executionId);
        var events = new List<HistoryEvent>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            events.AddRange(TaskHubJson.DeserializeHistory(reader.GetString(0)));
        }
        return TaskHubJson.SerializeHistory(events);
    });

    private static OrchestrationState ReadState(NpgsqlDataReader reader, bool withPayloads)
    {
        var details = TaskHubJson.DeserializeValue<InstanceDetails>(reader.IsDBNull(9) ? null : reader.GetString(9));
        return new OrchestrationState
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = reader.GetString(0), ExecutionId = reader.GetString(1) },
            Name = reader.GetString(2),
            Version = reader.IsDBNull(3) ? null : reader.GetString(3),
            OrchestrationStatus = (OrchestrationStatus)reader.GetInt32(4),
            CreatedTime = FromTicks(reader.GetInt64(5)),
            LastUpdatedTime = FromTicks(reader.GetInt64(6)),
            CompletedTime = reader.IsDBNull(7) ? DurableTask.Core.Common.Utils.DateTimeSafeMaxValue : FromTicks(reader.GetInt64(7)),
            Status = reader.IsDBNull(8) ? null : reader.GetString(8),
            Tags = details?.Tags,
            ParentInstance = details?.ParentInstance,
            FailureDetails = details?.FailureDetails,
            ScheduledStartTime = details?.ScheduledStartTime,
            Input = withPayloads && !reader.IsDBNull(10) ? reader.GetString(10) : null,
            Output = withPayloads && !reader.IsDBNull(11) ? reader.GetString(11) : null,
        };
    }
}
