using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Durable;

/// <summary>Orchestrators and activities by name (case-insensitive). Classes are created from DI per use.</summary>
public sealed class DurableTaskRegistry
{
    internal sealed record OrchestratorEntry(string Name, string? Version, Func<IServiceProvider, ITaskOrchestrator> Create);
    internal sealed record ActivityEntry(string Name, Func<IServiceProvider, ITaskActivity> Create);

    private readonly Dictionary<string, OrchestratorEntry> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ActivityEntry> _activities = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> OrchestratorNames => _orchestrators.Keys;
    public IEnumerable<string> ActivityNames => _activities.Keys;

    /// <param name="version">Recorded on every instance started from this registration.</param>
    public DurableTaskRegistry AddOrchestrator<T>(string? name = null, string? version = null) where T : class, ITaskOrchestrator
        => AddOrchestrator(name ?? typeof(T).Name, version, sp => ActivatorUtilities.CreateInstance<T>(sp));

    public DurableTaskRegistry AddOrchestrator<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> run, string? version = null)
        => AddOrchestrator(name, version, _ => new FuncOrchestrator<TInput, TOutput>(run));

    public DurableTaskRegistry AddActivity<T>(string? name = null) where T : class, ITaskActivity
        => AddActivity(name ?? typeof(T).Name, sp => ActivatorUtilities.CreateInstance<T>(sp));

    public DurableTaskRegistry AddActivity<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> run)
        => AddActivity(name, _ => new FuncActivity<TInput, TOutput>(run));

    internal OrchestratorEntry? FindOrchestrator(string name) => _orchestrators.GetValueOrDefault(name);
    internal ActivityEntry? FindActivity(string name) => _activities.GetValueOrDefault(name);

    private DurableTaskRegistry AddOrchestrator(string name, string? version, Func<IServiceProvider, ITaskOrchestrator> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_orchestrators.TryAdd(name, new OrchestratorEntry(name, version, create)))
        {
            throw new ArgumentException($"An orchestrator named '{name}' is already registered.", nameof(name));
        }
        return this;
    }

    public DurableTaskRegistry AddActivity(string name, Func<IServiceProvider, ITaskActivity> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_activities.TryAdd(name, new ActivityEntry(name, create)))
        {
            throw new ArgumentException($"An activity named '{name}' is already registered.", nameof(name));
        }
        return this;
    }

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> run) : TaskOrchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => run(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(context, input);
    }
}
