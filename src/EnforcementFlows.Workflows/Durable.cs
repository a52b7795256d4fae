using Microsoft.DurableTask;

namespace EnforcementFlows.Workflows;

/// <summary>Waits the orchestrators share.</summary>
internal static class Durable
{
    /// <summary>
    /// An external event raced with a durable timer: the event, or null once <paramref name="until"/> passes.
    /// The loser is cancelled, so a later event is not swallowed by a stale waiter. <see cref="DateTime.MaxValue"/>
    /// waits without a timer.
    /// </summary>
    public static async Task<T?> WaitUntil<T>(TaskOrchestrationContext ctx, string eventName, DateTime until)
        where T : class
    {
        using var cancel = new CancellationTokenSource();
        var received = ctx.WaitForExternalEvent<T>(eventName, cancel.Token);
        if (until == DateTime.MaxValue)
        {
            return await received;
        }
        var timer = ctx.CreateTimer(until, cancel.Token);
        var winner = await Task.WhenAny(received, timer);
        cancel.Cancel(); // synchronous: callbacks must run on the orchestrator thread
        return winner == received ? await received : null;
    }
}
