using DurableTask.Core;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Tests.Infrastructure;

namespace EnforcementFlows.TaskHub.Tests;

/// <summary>
/// The behaviour every task hub backend must show under DTFx's own worker and client. A backend's test
/// class inherits it and says how to build its orchestration service (which must also implement
/// <see cref="IOrchestrationServiceClient"/>, the query client and the purge client); everything else
/// is shared. Each inheritor keeps one store per test class; tests use their own instance ids.
/// </summary>
public abstract partial class TaskHubBehaviourSuite
{
    /// <summary>A new service over the class's store (a new one per "process start": restarts call it again).</summary>
    protected abstract IOrchestrationService CreateService(TaskHubTestSettings settings);

    /// <summary>How the backend's history JSON is read: ours write DTFx's <c>$type</c>; Azure Storage does not.</summary>
    protected virtual IList<HistoryEvent> ReadHistory(string json) => TaskHubJson.DeserializeHistory(json);

    /// <summary>Whether a client-only host starts the service (see <see cref="TaskHubHost.StartAsync"/>).</summary>
    protected virtual bool ClientStartsService => true;

    /// <summary>
    /// How much before its due time a timer or scheduled start may fire. Ours: not at all. Azure Storage delays a queue
    /// message in whole seconds (the Queue API's visibility timeout), so it may fire up to a second early.
    /// </summary>
    protected virtual TimeSpan TimerEarliness => TimeSpan.Zero;

    protected Task<TaskHubHost> StartHostAsync(TaskHubTestSettings? settings = null, bool withWorker = true) =>
        TaskHubHost.StartAsync(CreateService(settings ?? TaskHubTestSettings.Default), withWorker, ReadHistory, ClientStartsService);

    protected static string NewId(string test) => $"{test}-{Guid.NewGuid():N}";

    protected static OrchestrationInstance Instance(string id) => new() { InstanceId = id };

    protected static int Count<T>(IEnumerable<HistoryEvent> history)
        where T : HistoryEvent => history.OfType<T>().Count();

    /// <summary>Every scheduled activity completed exactly once, and nothing completed that was not scheduled.</summary>
    protected static void AssertActivitiesAppliedOnce(IList<HistoryEvent> history, int expected)
    {
        var scheduled = history.OfType<TaskScheduledEvent>().Select(e => e.EventId).ToList();
        var completed = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).ToList();
        Assert.Equal(expected, scheduled.Count);
        Assert.Equal(scheduled.Count, scheduled.Distinct().Count());
        Assert.Equal(scheduled.Order(), completed.Order());
    }

    protected static Task<IList<HistoryEvent>> HistoryAsync(TaskHubHost host, string instanceId) => host.HistoryAsync(instanceId);
}
