using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Functions.Activities;
using EnforcementFlows.Functions.Tests.Infrastructure;
using EnforcementFlows.Workflows;
using EnforcementFlows.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>The activity triggers run the registry's domain activities on the Functions app's own services.</summary>
public sealed class ActivityFunctionTests(FunctionsHostFixture host) : IClassFixture<FunctionsHostFixture>
{
    [Fact]
    public void Every_registered_activity_can_be_made_from_the_functions_services()
    {
        var activities = host.Services.GetRequiredService<EnforcementActivities>();
        Assert.Equal(EnforcementTasks.ActivityNames.Order(), activities.Names.Order());
        foreach (var name in activities.Names)
        {
            var activity = activities.Create(name, host.Services);
            Assert.Equal(typeof(ActivityCall<>), activity.InputType.GetGenericTypeDefinition());
        }
    }

    [Fact]
    public async Task The_sweep_activity_runs_on_the_domain_database_keyed_by_instance_and_call()
    {
        var functions = ActivatorUtilities.CreateInstance<EnforcementActivityFunctions>(host.Services);

        var result = await functions.SweepFlags(new ActivityCall<object?>("call42", null), WorkflowNames.SweepInstanceId, host.Context());

        Assert.Equal(TimeSpan.FromMinutes(7), result.NextSweepIn); // EnforcementFlows:Sweeps:Interval reached the activity
        Assert.Equal("sweep/call42/0", result.SweepId);
        Assert.Empty(result.CasesStarted);
    }

    [Fact]
    public async Task An_activity_call_without_a_call_id_is_refused()
    {
        var functions = ActivatorUtilities.CreateInstance<EnforcementActivityFunctions>(host.Services);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => functions.SweepFlags(new ActivityCall<object?>("", null), "sweep", host.Context()));
        Assert.Contains("'Sweep'", error.Message); // the activity name
    }
}
