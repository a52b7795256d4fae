using System.Diagnostics;
using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Benchmarks;

/// <summary>
/// Event-to-resume latency: instances wait for an event; one at a time, the client raises it and
/// waits for the instance's completion to be committed (the orchestration resumes, returns and its
/// turn commits). Sequential, so each sample is one event's whole path on an otherwise idle hub.
/// </summary>
internal static class Latency
{
    /// <param name="pollEvery">
    /// Null: wait with the client's <c>WaitForOrchestrationAsync</c> (ours wake it on the commit). Azure Storage's polls
    /// every 2 s, which would be the measure; with a value the state is read at that interval instead.
    /// </param>
    public static async Task<(double P50, double P99, double Max)> RunAsync(IOrchestrationService service, int samples, TimeSpan? pollEvery = null)
    {
        await service.CreateIfNotExistsAsync();
        var worker = new TaskHubWorker(service);
        worker.AddTaskOrchestrations(typeof(AwaitSignal));
        await worker.StartAsync();
        var client = new TaskHubClient((IOrchestrationServiceClient)service);
        var instances = new List<OrchestrationInstance>();
        for (var i = 0; i < samples; i++)
        {
            instances.Add(await client.CreateOrchestrationInstanceAsync(typeof(AwaitSignal), $"latency-{i}", i));
        }
        // Every instance must be waiting (its first turn committed) before the clock starts.
        while ((await ((IOrchestrationServiceClient)service).GetOrchestrationStateAsync(instances[^1].InstanceId, executionId: null))?.OrchestrationStatus != OrchestrationStatus.Running)
        {
            await Task.Delay(20);
        }
        await Task.Delay(500);
        var millis = new List<double>(samples);
        foreach (var instance in instances)
        {
            var clock = Stopwatch.StartNew();
            await client.RaiseEventAsync(instance, "go", "x");
            var state = pollEvery is { } interval
                ? await PollUntilFinishedAsync((IOrchestrationServiceClient)service, instance.InstanceId, interval)
                : await client.WaitForOrchestrationAsync(instance, TimeSpan.FromSeconds(30));
            clock.Stop();
            if (state?.OrchestrationStatus != OrchestrationStatus.Completed)
            {
                throw new InvalidOperationException($"{instance.InstanceId} did not complete after its event");
            }
            millis.Add(clock.Elapsed.TotalMilliseconds);
        }
        await worker.StopAsync(isForced: true);
        millis.Sort();
        return (millis[millis.Count / 2], millis[(int)Math.Min(millis.Count - 1, Math.Ceiling(millis.Count * 0.99) - 1)], millis[^1]);
    }

    private static async Task<OrchestrationState?> PollUntilFinishedAsync(IOrchestrationServiceClient client, string instanceId, TimeSpan interval)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var state = await client.GetOrchestrationStateAsync(instanceId, executionId: null);
            if (state?.OrchestrationStatus is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated || DateTime.UtcNow > deadline)
            {
                return state;
            }
            await Task.Delay(interval);
        }
    }
}
