namespace EnforcementFlows.Durable;

/// <summary>What a client sees of an instance.</summary>
public sealed record InstanceMetadata(
    string InstanceId,
    string ExecutionId,
    string Name,
    string? Version,
    OrchestrationStatus Status,
    string? SerializedInput,
    string? SerializedOutput,
    string? SerializedCustomStatus,
    TaskFailureDetails? FailureDetails,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    DateTimeOffset? CompletedAt,
    string? ParentInstanceId)
{
    public bool IsRunning => Status is OrchestrationStatus.Pending or OrchestrationStatus.Running or OrchestrationStatus.Suspended;

    public T? ReadInputAs<T>() => JsonData.Deserialize<T>(SerializedInput);
    public T? ReadOutputAs<T>() => JsonData.Deserialize<T>(SerializedOutput);
    public T? ReadCustomStatusAs<T>() => JsonData.Deserialize<T>(SerializedCustomStatus);
}

/// <summary>Filters and paging for listing instances. Newest first.</summary>
public sealed record InstanceQuery
{
    public IReadOnlyCollection<OrchestrationStatus>? Statuses { get; init; }
    public string? Name { get; init; }
    public string? InstanceIdPrefix { get; init; }
    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedTo { get; init; }
    public int PageSize { get; init; } = 100;
    public string? ContinuationToken { get; init; }
}

public sealed record InstancePage(IReadOnlyList<InstanceMetadata> Instances, string? ContinuationToken);
