namespace EnforcementFlows.Durable.Storage;

/// <summary>A claimed instance row, before its history and inbox are attached.</summary>
internal sealed record ClaimedRow(string InstanceId, string ExecutionId, string Name, string? Version, OrchestrationStatus Status, ParentInstance? Parent);

/// <summary>An inbox row as stored (payload still JSON).</summary>
internal sealed record StoredMessage(string InstanceId, long Id, string? ExecutionId, bool Control, string Payload);

/// <summary>Row-to-record work both stores share; JSON is parsed here, on the caller's thread, never on a writer.</summary>
internal static class StoredRows
{
    /// <summary>Control messages are the ones a suspended instance still processes.</summary>
    public static bool IsControl(HistoryEvent e) => e is ExecutionTerminated or ExecutionResumed;

    public static string StartedPayload(NewInstance instance, DateTime now)
        => JsonData.SerializeEvent(new ExecutionStarted(instance.Name, instance.Version, instance.Input, instance.Parent) { Timestamp = now });

    public static IReadOnlyList<OrchestrationWorkItem> WorkItems(IEnumerable<ClaimedRow> rows, IEnumerable<StoredMessage> messages,
        IEnumerable<(string Instance, string Events)> history)
    {
        var inbox = messages.ToLookup(m => m.InstanceId);
        var turns = history.ToLookup(h => h.Instance);
        return rows.Select(row => new OrchestrationWorkItem(
            row.InstanceId, row.ExecutionId, row.Name, row.Version, row.Status, row.Parent,
            turns[row.InstanceId].SelectMany(h => JsonData.DeserializeEvents(h.Events)).ToList(),
            inbox[row.InstanceId]
                .Where(m => row.Status != OrchestrationStatus.Suspended || m.Control)
                .Select(m => new InboxMessage(m.Id, m.ExecutionId, JsonData.DeserializeEvent(m.Payload))).ToList())).ToList();
    }
}
