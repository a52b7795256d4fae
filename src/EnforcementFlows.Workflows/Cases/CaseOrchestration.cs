using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows.Activities;
using Microsoft.DurableTask;

namespace EnforcementFlows.Workflows.Cases;

/// <summary>
/// An account's case, one generation per case: wait for a signal, collect the account's signals for the collect
/// window, assess (score and policy), then dismiss, act automatically, or ask humans, and close. The instance
/// then continues as new, carrying the signals that arrived meanwhile, and waits for the account's next signal.
/// So one deterministic instance id per account aggregates every signal, and no signal is lost between cases.
/// </summary>
public sealed partial class CaseOrchestration : TaskOrchestrator<CaseInput, CaseResult?>
{
    /// <summary>How many taken signal ids a generation hands to the next one for dropping duplicates.</summary>
    public const int RememberedSignals = 256;

    public override async Task<CaseResult?> RunAsync(TaskOrchestrationContext ctx, CaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var taken = new RecentSignals(input.RecentSignalIds);
        SignalRef? first;
        if (input.Seed is { } seed && taken.Take(seed))
        {
            first = seed;
        }
        else
        {
            ctx.SetCustomStatus(new CaseStatus(null, "waiting_for_signal"));
            first = await NextSignal(ctx, taken, DateTime.MaxValue);
        }
        if (first is null)
        {
            // A "signal" event raised without a payload (by hand): nothing to open a case with. The instance ends, and
            // the next real signal starts it again (start-if-absent).
            return null;
        }

        var caseId = "case_" + ctx.NewGuid().ToString("N")[..20];
        // Settings come back from an activity, so a replay after a configuration change sees this case's values.
        var settings = await ctx.OpenCase(new CaseActivities.OpenInput(caseId, input.AccountId, ctx.InstanceId, first));
        var signals = new List<SignalRef> { first };
        if (settings.Concluded is null)
        {
            var collectUntil = ctx.CurrentUtcDateTime + settings.CollectWindow;
            ctx.SetCustomStatus(new CaseStatus(caseId, "collecting", DueAt: collectUntil));
            while (await NextSignal(ctx, taken, collectUntil) is { } more)
            {
                signals.Add(more);
            }
        }

        var conclusion = settings.Concluded ?? await ctx.AssessAndConclude(new CaseActivities.AssessInput(caseId, input.AccountId, signals));
        var assessment = conclusion.Assessment;
        ctx.SetCustomStatus(new CaseStatus(caseId, "assessed", assessment.Outcome, assessment.Score));
        var result = conclusion.ClosedAs is { } closedAs
            ? new CaseResult(caseId, closedAs, conclusion.Action is null ? null : assessment.Outcome)
            : await Decide(ctx, caseId, input.AccountId, assessment);

        ctx.SetCustomStatus(new CaseStatus(caseId, "closed", result.Status));
        // Signals raised while this case was decided stay queued for the next generation.
        ctx.ContinueAsNew(new CaseInput(input.AccountId, null, taken.Last(RememberedSignals)), preserveUnprocessedEvents: true);
        return result;
    }

    /// <summary>The next signal not taken before, or null when <paramref name="until"/> passes first.</summary>
    private static async Task<SignalRef?> NextSignal(TaskOrchestrationContext ctx, RecentSignals taken, DateTime until)
    {
        while (true)
        {
            var signal = await Durable.WaitUntil<SignalRef>(ctx, WorkflowNames.SignalEvent, until);
            if (signal is null || taken.Take(signal))
            {
                return signal;
            }
        }
    }
}
