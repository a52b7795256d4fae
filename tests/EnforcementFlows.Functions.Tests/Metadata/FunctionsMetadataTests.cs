using System.Reflection;
using EnforcementFlows.Functions.Intake;
using EnforcementFlows.Functions.Relay;
using EnforcementFlows.Functions.Sweeps;
using EnforcementFlows.Workflows;
using Microsoft.DurableTask;

namespace EnforcementFlows.Functions.Tests.Metadata;

/// <summary>
/// The app the Functions host would load: every orchestrator and activity the SDK registry defines is a function
/// with the right trigger, the relay is a timer with a durable client, and every entry point exists.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly DurableTaskRegistry Registry = new DurableTaskRegistry().AddEnforcementTasks();
    private readonly IReadOnlyDictionary<string, FunctionEntry> functions = FunctionsMetadata.Read();

    [Fact]
    public void Every_orchestrator_of_the_registry_is_an_orchestration_trigger()
    {
        var orchestrators = Registry.GetOrchestrators().Select(o => o.Key.Name).ToList();
        Assert.Equal(new[] { WorkflowNames.Case, WorkflowNames.Lift, WorkflowNames.Sweep }.Order(), orchestrators.Order());
        foreach (var name in orchestrators)
        {
            Assert.True(functions.TryGetValue(name, out var function), $"orchestrator {name} has no function");
            Assert.Equal(["orchestrationTrigger"], function.BindingTypes);
            Assert.Equal("In", function.Binding("orchestrationTrigger").GetProperty("direction").GetString());
        }
    }

    [Fact]
    public void Every_activity_of_the_registry_is_an_activity_trigger()
    {
        var registered = Registry.GetActivities().Select(a => a.Key.Name).Order().ToList();
        Assert.Equal(EnforcementTasks.ActivityNames.Order(), registered);
        foreach (var name in registered)
        {
            Assert.True(functions.TryGetValue(name, out var function), $"activity {name} has no function");
            Assert.Equal(["activityTrigger"], function.BindingTypes);
        }
    }

    [Fact]
    public void The_outbox_relay_is_a_timer_with_a_durable_client()
    {
        var relay = functions[OutboxRelayFunction.Name];
        Assert.Equal(["timerTrigger", "durableClient"], relay.BindingTypes);
        Assert.Equal("%OutboxRelaySchedule%", relay.Binding("timerTrigger").GetProperty("schedule").GetString());
    }

    [Fact]
    public void The_sweep_keeper_is_a_timer_with_a_durable_client()
    {
        var keeper = functions[SweepKeeperFunction.Name];
        Assert.Equal(["timerTrigger", "durableClient"], keeper.BindingTypes);
        Assert.Equal("%SweepKeeperSchedule%", keeper.Binding("timerTrigger").GetProperty("schedule").GetString());
    }

    [Theory]
    [InlineData(IntakeFunctions.Reports, "api/reports")]
    [InlineData(IntakeFunctions.Flags, "api/flags")]
    public void Intake_is_an_anonymous_http_post_on_the_self_host_s_route(string name, string route)
    {
        var function = functions[name];
        Assert.Equal(["httpTrigger", "http"], function.BindingTypes);
        var trigger = function.Binding("httpTrigger");
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(["post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("Out", function.Binding("http").GetProperty("direction").GetString());
    }

    [Fact]
    public void The_app_has_no_function_beyond_the_workflows_the_timers_and_intake()
    {
        var expected = Registry.GetOrchestrators().Select(o => o.Key.Name)
            .Concat(EnforcementTasks.ActivityNames).Append(OutboxRelayFunction.Name).Append(SweepKeeperFunction.Name).Append(Archive.AuditArchiveFunction.Name)
            .Append(IntakeFunctions.Reports).Append(IntakeFunctions.Flags).Order();
        Assert.Equal(expected, functions.Keys.Order());
    }

    [Fact]
    public void Every_entry_point_is_a_public_method_of_the_app_assembly()
    {
        var assembly = typeof(OutboxRelayFunction).Assembly;
        foreach (var function in functions.Values)
        {
            Assert.Equal(assembly.GetName().Name + ".dll", function.ScriptFile);
            var split = function.EntryPoint.LastIndexOf('.');
            var type = assembly.GetType(function.EntryPoint[..split], throwOnError: true)!;
            Assert.NotNull(type.GetMethod(function.EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static));
        }
    }
}
