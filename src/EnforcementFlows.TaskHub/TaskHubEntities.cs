namespace EnforcementFlows.TaskHub;

/// <summary>
/// Durable entities are not supported by this task hub (it does not implement DTFx's
/// IEntityOrchestrationService). Messages to entity instance ids ("@name@key") are refused loudly
/// instead of being stored as orchestration messages nobody would ever process.
/// </summary>
internal static class TaskHubEntities
{
    public static void ThrowIfEntity(string? instanceId)
    {
        if (instanceId is { Length: > 1 } && instanceId[0] == '@' && instanceId.IndexOf('@', 1) > 0)
        {
            throw new NotSupportedException($"Durable entities are not supported by this task hub (instance '{instanceId}' is an entity id); see docs/task-hub.md");
        }
    }
}
