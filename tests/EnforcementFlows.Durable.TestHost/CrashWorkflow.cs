using EnforcementFlows.Durable;

namespace EnforcementFlows.Durable.TestHost;

/// <summary>Four side effects with a durable timer in the middle; the crash test kills the process under it.</summary>
public static class CrashWorkflow
{
    public const string Name = "CrashFlow";

    /// <summary>Task ids of the four activity calls (id 3 is the timer).</summary>
    public static readonly int[] EffectTaskIds = [0, 1, 2, 4];

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<int, string>(Name, async (ctx, n) =>
        {
            var a = await ctx.CallActivityAsync<string>("Effect", $"{n}:a");
            var b = await ctx.CallActivityAsync<string>("Effect", $"{n}:b");
            var c = await ctx.CallActivityAsync<string>("Effect", $"{n}:c");
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            var d = await ctx.CallActivityAsync<string>("Effect", $"{n}:d");
            return string.Join(",", a, b, c, d);
        });
        registry.AddActivity<string, string>("Effect", async (ctx, value) =>
        {
            await Task.Delay(Random.Shared.Next(0, 5));
            EffectLedger.Current!.Apply(ctx.IdempotencyKey, value);
            return value;
        });
    }
}
