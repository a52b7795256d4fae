namespace EnforcementFlows.Durable;

/// <summary>Untyped view of an orchestrator, used by the runtime.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }
    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>
/// An orchestrator: deterministic code that is replayed from its recorded history. It may only
/// do I/O through the context (activities, timers, events, sub-orchestrations).
/// </summary>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    Type ITaskOrchestrator.InputType => typeof(TInput);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input)
        => await RunAsync(context, (TInput)input!);

    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);
}
