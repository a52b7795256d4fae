using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>Reading instance state and history (reader connections; never the writer).</summary>
public sealed partial class SqliteOrchestrationService
{
    private const string StateColumns = "instance_id, execution_id, name, version, status, created_at, last_updated_at, completed_at, custom_status, details, input, output";

    /// <summary>Only the latest execution is kept (continue-as-new replaces the history), so this is a list of at most one.</summary>
    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        var state = await GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false);
        return state is null ? [] : [state];
    }

    public Task<OrchestrationState?> GetOrchestrationStateAsync(string instanceId, string? executionId)
    {
        using var session = RentReader();
        using var reader = session.Prepared($"SELECT {StateColumns} FROM instances WHERE instance_id = $id", ("$id", instanceId)).ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<OrchestrationState?>(null);
        }
        var state = ReadState(reader, withPayloads: true);
        var matches = string.IsNullOrEmpty(executionId) || executionId == state.OrchestrationInstance.ExecutionId;
        return Task.FromResult(matches ? state : null);
    }

    /// <summary>The history of the instance's current execution, as a JSON array of DTFx history events (see <see cref="TaskHubJson.DeserializeHistory"/>).</summary>
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string? executionId)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = string.IsNullOrEmpty(executionId)
            ? "SELECT h.body FROM history h JOIN instances i ON i.instance_id = h.instance_id AND i.execution_id = h.execution_id WHERE h.instance_id = $id ORDER BY h.sequence"
            : "SELECT body FROM history WHERE instance_id = $id AND execution_id = $execution ORDER BY sequence";
        command.Parameters.AddWithValue("$id", instanceId);
        command.Parameters.AddWithValue("$execution", executionId ?? "");
        var events = new List<HistoryEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            events.AddRange(TaskHubJson.DeserializeHistory(reader.GetString(0)));
        }
        return Task.FromResult(TaskHubJson.SerializeHistory(events));
    }

    private static OrchestrationState ReadState(SqliteDataReader reader, bool withPayloads)
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
