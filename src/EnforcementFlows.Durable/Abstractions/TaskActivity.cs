namespace EnforcementFlows.Durable;

/// <summary>Untyped view of an activity, used by the runtime.</summary>
public interface ITaskActivity
{
    Type InputType { get; }
    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>
/// An activity: the unit of side effects. Runs at least once per scheduled call, so effects
/// must be idempotent by <see cref="TaskActivityContext.IdempotencyKey"/>.
/// </summary>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input)
        => await RunAsync(context, (TInput)input!);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);
}
