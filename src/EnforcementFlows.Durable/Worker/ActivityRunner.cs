using EnforcementFlows.Durable.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Durable.Worker;

/// <summary>Runs one activity call and turns its outcome into the event its orchestrator will see.</summary>
internal sealed class ActivityRunner(DurableTaskRegistry registry, IServiceProvider services, ILogger logger)
{
    /// <returns>The result, or null when the call was interrupted by shutdown and must be redelivered.</returns>
    public async Task<ActivityResult?> RunAsync(ActivityWorkItem item, CancellationToken stopping)
    {
        HistoryEvent outcome;
        try
        {
            var entry = registry.FindActivity(item.Name)
                ?? throw new InvalidOperationException($"No activity named '{item.Name}' is registered with this worker.");
            await using var scope = services.CreateAsyncScope();
            var activity = entry.Create(scope.ServiceProvider);
            var context = new TaskActivityContext(item.Name, item.InstanceId, item.ExecutionId, item.LogicalId, item.Attempt, stopping);
            var input = JsonData.Deserialize(item.Input, activity.InputType);
            var result = await activity.RunAsync(context, input);
            outcome = new TaskCompleted(item.TaskId, JsonData.Serialize(result));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            var failure = TaskFailureDetails.FromException(ex);
            Log.ActivityFailed(logger, item.Name, item.LogicalId, item.InstanceId, item.Attempt, failure.ErrorType, failure.ErrorMessage);
            outcome = new TaskFailed(item.TaskId, failure);
        }
        return new ActivityResult(item.Id, item.InstanceId, item.ExecutionId, outcome);
    }
}
