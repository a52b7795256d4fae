using EnforcementFlows.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace EnforcementFlows.Functions.Activities;

/// <summary>
/// The domain activities as <see cref="EnforcementTasks.AddEnforcementTasks"/> registers them for the self-host: the
/// activity triggers run the registry's own factories, so both hosts run the same activity with the same keys.
/// </summary>
public sealed class EnforcementActivities
{
    private readonly IReadOnlyDictionary<TaskName, Func<IServiceProvider, ITaskActivity>> factories =
        new DurableTaskRegistry().AddEnforcementTasks().GetActivities().ToDictionary(a => a.Key, a => a.Value);

    public IEnumerable<string> Names => factories.Keys.Select(k => k.Name);

    /// <summary>Runs activity <paramref name="name"/> of orchestration <paramref name="instanceId"/> on the function's services.</summary>
    public async Task<TOutput> RunAsync<TOutput>(string name, string instanceId, object? input, FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var activity = Create(name, function.InstanceServices);
        var result = await activity.RunAsync(new FunctionActivityContext(name, instanceId), input);
        return (TOutput)result!;
    }

    /// <summary>A fresh activity from the registry's factory, on <paramref name="services"/>.</summary>
    public ITaskActivity Create(string name, IServiceProvider services)
        => factories.TryGetValue(name, out var factory)
            ? factory(services)
            : throw new InvalidOperationException($"Activity '{name}' is not registered by AddEnforcementTasks.");

    private sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
