namespace EnforcementFlows.Durable;

/// <summary>What an activity knows about the call it is serving.</summary>
public sealed class TaskActivityContext
{
    /// <summary>The worker creates these; public so an activity can also be run outside it (tests of redelivery).</summary>
    public TaskActivityContext(string name, string instanceId, string executionId, int taskId, int attempt, CancellationToken cancellation)
    {
        Name = name;
        InstanceId = instanceId;
        ExecutionId = executionId;
        TaskId = taskId;
        Attempt = attempt;
        CancellationToken = cancellation;
    }

    public string Name { get; }
    public string InstanceId { get; }

    /// <summary>Identifies one run of the instance; changes on restart and continue-as-new.</summary>
    public string ExecutionId { get; }

    /// <summary>Stable across redeliveries and across retry attempts of the same call.</summary>
    public int TaskId { get; }

    /// <summary>1 for the first attempt of a call, incremented by the retry policy.</summary>
    public int Attempt { get; }

    /// <summary>Signalled when the worker shuts down; the call will be redelivered.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Same value on every delivery and retry of this call; use it to deduplicate side effects.</summary>
    public string IdempotencyKey => $"{InstanceId}/{ExecutionId}/{TaskId}";
}
