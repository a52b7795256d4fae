using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows.Activities;
using Microsoft.DurableTask;

namespace EnforcementFlows.Workflows.Lifts;

/// <summary>
/// Lifts a time-limited action when it expires: a durable timer to the expiry, then the idempotent lift. Started
/// as <c>lift-{actionId}</c>, so one action is lifted by one instance whoever starts it.
/// </summary>
public sealed class LiftOrchestration : TaskOrchestrator<CaseActivities.LiftInput, bool>
{
    public override async Task<bool> RunAsync(TaskOrchestrationContext ctx, CaseActivities.LiftInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // The turn's recorded time decides, so a replay takes the same branch.
        if (ctx.CurrentUtcDateTime < input.ExpiresAt.UtcDateTime)
        {
            ctx.SetCustomStatus(new { stage = "waiting", dueAt = input.ExpiresAt });
            await ctx.CreateTimer(input.ExpiresAt.UtcDateTime, CancellationToken.None);
        }
        return await ctx.LiftAction(input);
    }
}
