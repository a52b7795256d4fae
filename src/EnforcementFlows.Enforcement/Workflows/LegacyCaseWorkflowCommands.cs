using EnforcementFlows.Durable;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>The legacy runtime's way: signal-with-start, scheduled start and raise inside the domain transaction.</summary>
public sealed class LegacyCaseWorkflowCommands : CaseWorkflowCommands
{
    public static LegacyCaseWorkflowCommands Instance { get; } = new();

    public override void JoinCases(IDurableTransaction tx, IReadOnlyList<(string AccountId, SignalRef Signal)> signals)
    {
        if (signals.Count == 1)
        {
            tx.SignalWithStart(CaseInstance(signals[0].AccountId), Raised(signals[0].Signal));
        }
        else if (signals.Count > 1)
        {
            tx.SignalWithStart(signals.Select(s => (CaseInstance(s.AccountId), Raised(s.Signal))).ToList());
        }
    }

    public override void ScheduleLift(IDurableTransaction tx, string actionId, CaseActivities.LiftInput lift)
        // It first runs at the expiry.
        => tx.StartIfAbsent(new NewInstance("lift:" + actionId, LiftWorkflow.Name, null, JsonData.Serialize(lift), StartAt: lift.ExpiresAt));

    public override void RaiseDecision(IDurableTransaction tx, string instanceId, ApprovalDecision decision)
        => tx.RaiseEvent(instanceId, new EventRaised(CaseWorkflow.ApprovalEvent, JsonData.Serialize(decision)));

    private static NewInstance CaseInstance(string accountId)
        => new(CaseWorkflow.InstanceIdFor(accountId), CaseWorkflow.Name, CaseWorkflow.Version, JsonData.Serialize(new CaseWorkflow.Input(accountId, null)));

    private static EventRaised Raised(SignalRef signal) => new(CaseWorkflow.SignalEvent, JsonData.Serialize(signal));
}
