namespace EnforcementFlows.Durable.Execution;

/// <summary>
/// Replays an orchestrator over its recorded history, then feeds it this turn's new events,
/// and reports what it asked for. Pure: no I/O, no clock, no randomness.
/// </summary>
internal static class OrchestrationExecutor
{
    public static ExecutionResult Execute(
        ITaskOrchestrator orchestrator,
        string instanceId,
        string executionId,
        IReadOnlyList<HistoryEvent> past,
        IReadOnlyList<HistoryEvent> fresh)
    {
        var started = past.OfType<ExecutionStarted>().FirstOrDefault() ?? fresh.OfType<ExecutionStarted>().FirstOrDefault()
            ?? throw new InvalidOperationException($"Instance '{instanceId}' has no ExecutionStarted event.");
        var context = new ReplayContext(instanceId, executionId, started.Name, started.Version);
        var sync = new TurnSynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(sync);
        Task<object?>? run = null;
        try
        {
            foreach (var e in past)
            {
                Step(e);
            }
            context.EndReplay();
            var applied = 0;
            foreach (var e in fresh)
            {
                if (run is { IsCompleted: true })
                {
                    break; // the orchestrator returned: what arrived after that point is not its to see
                }
                Step(e);
                applied++;
            }
            return Finish(context, run) with { FreshApplied = applied };
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            return new ExecutionResult([], new OrchestrationCompletion(OrchestrationStatus.Failed, null, TaskFailureDetails.FromException(ex)), context.CustomStatusJson);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        void Step(HistoryEvent e)
        {
            if (e is ExecutionStarted s)
            {
                if (run is null)
                {
                    run = Start(orchestrator, context, s);
                }
            }
            else
            {
                context.Apply(e, run?.IsCompleted ?? false);
            }
            sync.Drain();
            if (run is { IsFaulted: true } && run.Exception!.InnerException is NonDeterministicOrchestrationException nd)
            {
                throw nd;
            }
        }
    }

    private static Task<object?> Start(ITaskOrchestrator orchestrator, ReplayContext context, ExecutionStarted started)
    {
        try
        {
            var input = JsonData.Deserialize(started.Input, orchestrator.InputType);
            return orchestrator.RunAsync(context, input);
        }
        catch (Exception ex)
        {
            return Task.FromException<object?>(ex);
        }
    }

    private static ExecutionResult Finish(ReplayContext context, Task<object?>? run)
    {
        if (run is null || !run.IsCompleted)
        {
            return new ExecutionResult(context.UnconfirmedActions, null, context.CustomStatusJson);
        }
        OrchestrationCompletion completion;
        if (run.IsCompletedSuccessfully)
        {
            completion = context.ContinueAsNewRequested
                ? new OrchestrationCompletion(OrchestrationStatus.Completed, null, null, true, context.ContinueAsNewInput,
                    context.PreserveUnprocessedEvents ? [.. context.UnconsumedEvents] : [])
                : new OrchestrationCompletion(OrchestrationStatus.Completed, JsonData.Serialize(run.Result), null);
        }
        else
        {
            var error = run.Exception?.InnerException ?? new TaskCanceledException("The orchestrator was cancelled.");
            completion = new OrchestrationCompletion(OrchestrationStatus.Failed, null, TaskFailureDetails.FromException(error));
        }
        // Work scheduled but never awaited before returning is dropped: the execution is over.
        return new ExecutionResult([], completion, context.CustomStatusJson);
    }
}
