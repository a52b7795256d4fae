using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows.Lifts;
using EnforcementFlows.Workflows.Sweeps;

namespace EnforcementFlows.Workflows.Tests.Orchestrators;

public sealed class LiftAndSweepTests
{
    private static readonly DateTime Start = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Lift_waits_for_the_expiry_on_a_durable_timer_then_lifts_once()
    {
        var context = new ScriptedContext(WorkflowNames.LiftInstanceId("act_1"), Start);
        var liftedAt = new List<DateTime>();
        context.OnActivity<CaseActivities.LiftInput, bool>(CaseActivities.Lift, _ =>
        {
            liftedAt.Add(context.Now);
            return true;
        });
        var expires = new DateTimeOffset(Start.AddDays(7));

        var lifted = await new LiftOrchestration().RunAsync(context.Object, new CaseActivities.LiftInput("act_1", expires));

        Assert.True(lifted);
        Assert.Equal([expires.UtcDateTime], liftedAt);
    }

    [Fact]
    public async Task Lift_started_after_the_expiry_lifts_at_once()
    {
        var context = new ScriptedContext(WorkflowNames.LiftInstanceId("act_1"), Start);
        context.OnActivity<CaseActivities.LiftInput, bool>(CaseActivities.Lift, _ => false);

        var lifted = await new LiftOrchestration().RunAsync(context.Object, new CaseActivities.LiftInput("act_1", new DateTimeOffset(Start.AddMinutes(-1))));

        Assert.False(lifted); // lifted already (by an earlier delivery): the activity said so
        Assert.Equal(Start, context.Now);
    }

    [Fact]
    public async Task Sweep_sleeps_for_the_interval_it_returned_and_continues_as_new()
    {
        var context = new ScriptedContext(WorkflowNames.SweepInstanceId, Start);
        context.OnActivity<object?, SweepResult>("Sweep", _ => new SweepResult("sweep_1", 3, 7, ["acct-1"], TimeSpan.FromMinutes(5)));

        var generation = await new SweepOrchestration().RunAsync(context.Object, 41);

        Assert.Equal(41, generation);
        Assert.Equal(Start.AddMinutes(5), context.Now);
        Assert.Equal(42, context.ContinuedAsNew!.Value.Input);
        Assert.False(context.ContinuedAsNew.Value.PreserveEvents);
    }
}
