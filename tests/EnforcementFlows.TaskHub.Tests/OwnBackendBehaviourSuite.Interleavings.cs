using DurableTask.Core;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Tests.Infrastructure;
using EnforcementFlows.TaskHub.Tests.Orchestrations;
using FsCheck;
using FsCheck.Fluent;

namespace EnforcementFlows.TaskHub.Tests;

public abstract partial class OwnBackendBehaviourSuite
{
    /// <summary>How one generated event reaches the instance.</summary>
    public enum Delivery
    {
        Alone,
        InBatchWithNext,
        AfterRestart,
    }

    /// <summary>
    /// Random interleavings of events for one instance (sent alone, several in one batch, or after a
    /// restart of worker and service, while the instance is busy with activities) keep the history
    /// consistent: every event is recorded once, in the order sent, each gets exactly one activity
    /// scheduled and completed, and the result lists every value in order.
    /// </summary>
    [Fact]
    public void Random_interleavings_of_messages_for_one_instance_keep_the_history_consistent()
    {
        var step = Gen.Zip(Gen.Choose(0, 1000), Gen.Elements(Delivery.Alone, Delivery.Alone, Delivery.InBatchWithNext, Delivery.AfterRestart));
        var steps = Gen.ListOf(step).Where(list => list.Count is > 0 and <= 8).ToArbitrary();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(8), Prop.ForAll(steps, list => RunInterleaving(list.ToList()).GetAwaiter().GetResult()));
    }

    private async Task<bool> RunInterleaving(List<(int Value, Delivery Delivery)> steps)
    {
        var id = NewId("interleave");
        var host = await StartHostAsync();
        try
        {
            var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(Collector), id, 0);
            var batch = new List<TaskMessage>();
            foreach (var (value, delivery) in steps)
            {
                if (delivery == Delivery.AfterRestart)
                {
                    await SendAsync(host, batch);
                    await host.DisposeAsync();
                    host = await StartHostAsync();
                }
                batch.Add(EventMessage(id, "item", value));
                if (delivery != Delivery.InBatchWithNext)
                {
                    await SendAsync(host, batch);
                }
            }
            batch.Add(EventMessage(id, "done", 0));
            await SendAsync(host, batch);
            var state = await host.WaitForCompletionAsync(instance);

            var expected = steps.Select(s => s.Value + 1).ToList();
            Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
            Assert.Equal(expected, Newtonsoft.Json.JsonConvert.DeserializeObject<List<int>>(state.Output));
            var history = await HistoryAsync(host, id);
            var raised = history.OfType<EventRaisedEvent>().Where(e => e.Name == "item").Select(e => int.Parse(e.Input, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(steps.Select(s => s.Value), raised);
            AssertActivitiesAppliedOnce(history, steps.Count);
            Assert.Single(history.OfType<ExecutionCompletedEvent>());
            return true;
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task SendAsync(TaskHubHost host, List<TaskMessage> batch)
    {
        if (batch.Count > 0)
        {
            await host.ServiceClient.SendTaskOrchestrationMessageBatchAsync([.. batch]);
            batch.Clear();
        }
    }

    private static TaskMessage EventMessage(string instanceId, string name, int value) => new()
    {
        OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
        Event = new EventRaisedEvent(-1, value.ToString(System.Globalization.CultureInfo.InvariantCulture)) { Name = name },
    };
}
