using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows.Cases;

namespace EnforcementFlows.Workflows.Tests.Orchestrators;

/// <summary>A case orchestrator run on a <see cref="ScriptedContext"/>, with the domain's answers as test data.</summary>
internal sealed class CaseScript
{
    public static readonly DateTime Start = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
    public static readonly SignalRef Seed = new(SignalKind.Report, "sig_seed");

    public ScriptedContext Context { get; } = new ScriptedContext(WorkflowNames.CaseInstanceId("acct-1"), Start)
        .Expect<SignalRef>(WorkflowNames.SignalEvent).Expect<ApprovalDecision>(WorkflowNames.ApprovalEvent);

    public List<(DateTime At, CaseActivities.ApplyInput Input)> Applied { get; } = [];

    public static Assessment Needing(int approvers = 1, string timeoutOutcome = "dismiss", TimeSpan? reminder = null, TimeSpan? escalate = null,
        bool restrictNow = false) => new("spam", 0.8, "suspend", 86_400, RequiresApproval: true, "spam.human", "policy-hash", TimeSpan.FromHours(24),
        timeoutOutcome, 3_600, approvers, reminder, escalate, ["alice@example.test"], ["lead@example.test"], null, restrictNow);

    public static Assessment Automatic(string outcome) => new("spam", 0.99, outcome, null, RequiresApproval: false, "spam.auto", "policy-hash",
        TimeSpan.FromHours(24), "dismiss", null);

    /// <summary>The case opens with a collect window, and its assessment concludes as given (null ClosedAs: it needs humans).</summary>
    public CaseScript Collecting(TimeSpan window, Assessment assessment, string? closedAs = null, List<IReadOnlyList<SignalRef>>? assessed = null)
    {
        Context.OnActivity<CaseActivities.OpenInput, CaseActivities.CaseSettings>(CaseActivities.Open, _ => new CaseActivities.CaseSettings(window));
        Context.OnActivity<CaseActivities.AssessInput, CaseActivities.Conclusion>(CaseActivities.AssessAndConclude, input =>
        {
            assessed?.Add(input.Signals);
            return new CaseActivities.Conclusion(assessment, closedAs == "enforced" ? new CaseActivities.Applied("act_1", Start, null) : null, closedAs);
        });
        Context.OnActivity<ApprovalStageInput, int>(CaseActivities.RequestApproval, input => input.Approvers.Count);
        Context.OnActivity<CaseActivities.CaseRef, bool>(CaseActivities.RecordApprovalExpired, _ => true);
        Context.OnActivity<CaseActivities.CloseInput, bool>(CaseActivities.Close, _ => true);
        Context.OnActivity<CaseActivities.LiftInput, bool>(CaseActivities.Lift, _ => true);
        Context.OnActivity<CaseActivities.ApplyInput, CaseActivities.Applied>(CaseActivities.Apply, input =>
        {
            Applied.Add((Context.Now, input));
            return new CaseActivities.Applied("act_" + Applied.Count, Context.Now, null);
        });
        return this;
    }

    public CaseScript Decision(TimeSpan after, bool approved, string by, string? id = null, string? caseId = null, bool dismiss = false)
    {
        Context.Raise(WorkflowNames.ApprovalEvent, after, new ApprovalDecision(approved, by, null, caseId, dismiss, id ?? Guid.NewGuid().ToString("N")));
        return this;
    }

    public CaseScript Signal(TimeSpan after, string id)
    {
        Context.Raise(WorkflowNames.SignalEvent, after, new SignalRef(SignalKind.Flag, id));
        return this;
    }

    public Task<CaseResult?> RunAsync(CaseInput? input = null)
        => new CaseOrchestration().RunAsync(Context.Object, input ?? new CaseInput("acct-1", Seed));

    public IEnumerable<string> Stages => Context.Statuses.OfType<CaseStatus>().Select(s => s.Stage);

    public IEnumerable<string?> ClosedAs => Context.InputsOf<CaseActivities.CloseInput>(CaseActivities.Close).Select(c => c.Status);
}
