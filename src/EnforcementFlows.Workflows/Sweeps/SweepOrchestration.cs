using EnforcementFlows.Workflows.Activities;
using Microsoft.DurableTask;

namespace EnforcementFlows.Workflows.Sweeps;

/// <summary>
/// The eternal sweep (instance <c>sweep</c>): looks over held weak flags, sleeps on a durable timer for the interval
/// the sweep returned, and continues as new so its history stays one generation long.
/// </summary>
public sealed class SweepOrchestration : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext ctx, int generation)
    {
        // The interval comes from the activity's recorded result, so replays agree with the first run.
        var result = await ctx.SweepFlags();
        ctx.SetCustomStatus(new { stage = "sleeping", result.SweepId, result.CasesStarted.Count, nextAt = ctx.CurrentUtcDateTime + result.NextSweepIn });
        await ctx.CreateTimer(ctx.CurrentUtcDateTime + result.NextSweepIn, CancellationToken.None);
        ctx.ContinueAsNew(generation + 1, preserveUnprocessedEvents: false);
        return generation;
    }
}
