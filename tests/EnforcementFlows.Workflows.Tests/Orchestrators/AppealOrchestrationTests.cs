using EnforcementFlows.Enforcement.Appeals;
using EnforcementFlows.Enforcement.Approvals;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows.Appeals;

namespace EnforcementFlows.Workflows.Tests.Orchestrators;

/// <summary>The appeal orchestrator per branch, on the Moq context with a simulated clock.</summary>
public class AppealOrchestrationTests
{
    private static readonly DateTime Start = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
    private static readonly AppealInput Input = new("apl_1", "sor_1", "act_1", "case_1", "acct-1");

    private sealed class Script
    {
        public ScriptedContext Context { get; } = new ScriptedContext(WorkflowNames.AppealInstanceId("sor_1"), Start).Expect<ApprovalDecision>(WorkflowNames.ApprovalEvent);

        public List<ApprovalStageInput> Requests { get; } = [];

        public AppealConclusion? Concluded { get; private set; }

        public Script(IReadOnlyList<string> primary, IReadOnlyList<string> secondary, string timeoutOutcome = AppealOutcomes.Uphold)
        {
            Context.OnActivity<AppealInput, AppealSettings>(AppealActivities.Open, _ => new AppealSettings(primary, secondary, TimeSpan.FromHours(4),
                TimeSpan.FromHours(12), TimeSpan.FromDays(2), timeoutOutcome, "violent_threat", "suspend"));
            Context.OnActivity<ApprovalStageInput, int>(AppealActivities.RequestReview, r =>
            {
                Requests.Add(r);
                return r.Approvers.Count;
            });
            Context.OnActivity<AppealConclusion, AppealResult>(AppealActivities.Conclude, c =>
            {
                Concluded = c;
                return new AppealResult(c.AppealId, c.Overturn ? "overturned" : "upheld", c.Overturn ? "efk_reverse" : null);
            });
        }

        public Script Decision(TimeSpan after, bool approve, string by, string? caseId = "apl_1")
        {
            Context.Raise(WorkflowNames.ApprovalEvent, after, new ApprovalDecision(approve, by, "because", caseId, DecisionId: Guid.NewGuid().ToString("N")));
            return this;
        }

        public Task<AppealResult> RunAsync() => new AppealOrchestration().RunAsync(Context.Object, Input);
    }

    [Fact]
    public async Task A_reviewer_who_approves_overturns_the_action()
    {
        var script = new Script(["rev-2@example.org"], ["lead@example.org"]).Decision(TimeSpan.FromHours(1), approve: true, "rev-2@example.org");

        var result = await script.RunAsync();

        Assert.Equal("overturned", result.Status);
        Assert.Equal(new AppealConclusion("apl_1", true, "rev-2@example.org", "because", false), script.Concluded);
        var first = Assert.Single(script.Requests);
        Assert.Equal("appeal-primary", first.Stage);
        Assert.Equal("apl_1", first.CaseId);
        Assert.Equal(["rev-2@example.org"], first.Approvers);
    }

    [Fact]
    public async Task A_reviewer_who_rejects_upholds_the_action()
    {
        var script = new Script(["rev-2@example.org"], ["lead@example.org"]).Decision(TimeSpan.FromHours(2), approve: false, "rev-2@example.org");

        var result = await script.RunAsync();

        Assert.Equal("upheld", result.Status);
        Assert.False(script.Concluded!.Overturn);
        Assert.False(script.Concluded.TimedOut);
    }

    [Fact]
    public async Task Reminder_and_escalation_go_out_and_without_a_decision_the_policy_outcome_applies_saying_nobody_decided()
    {
        var script = new Script(["rev-2@example.org"], ["lead@example.org"]);

        var result = await script.RunAsync();

        Assert.Equal("upheld", result.Status);
        Assert.Equal(["appeal-primary", "appeal-primary-reminder", "appeal-secondary"], script.Requests.Select(r => r.Stage));
        Assert.Equal(ApprovalEmailKind.Escalation, script.Requests[2].Kind);
        Assert.True(script.Concluded!.TimedOut);
        Assert.Null(script.Concluded.DecidedBy);
        Assert.Contains("timeout outcome (uphold)", script.Concluded.Reason, StringComparison.Ordinal);
        Assert.Equal(Start + TimeSpan.FromDays(2), script.Context.Now);
    }

    [Fact]
    public async Task A_policy_whose_timeout_outcome_is_overturn_overturns_without_a_decision_and_says_so()
    {
        var script = new Script(["rev-2@example.org"], ["lead@example.org"], AppealOutcomes.Overturn);

        var result = await script.RunAsync();

        Assert.Equal("overturned", result.Status);
        Assert.True(script.Concluded!.TimedOut);
        Assert.Null(script.Concluded.DecidedBy);
    }

    [Fact]
    public async Task When_every_primary_reviewer_decided_the_case_the_secondary_roster_is_asked_at_once()
    {
        var script = new Script([], ["lead@example.org"]).Decision(TimeSpan.FromMinutes(30), approve: true, "lead@example.org");

        await script.RunAsync();

        Assert.Equal(["lead@example.org"], script.Requests[0].Approvers);
        Assert.Contains(script.Requests, r => r.Stage == "appeal-secondary");
        Assert.Equal("lead@example.org", script.Concluded!.DecidedBy);
    }

    [Fact]
    public async Task With_no_eligible_reviewer_at_all_the_timeout_outcome_applies_at_once_and_no_email_goes_out()
    {
        var script = new Script([], []);

        var result = await script.RunAsync();

        Assert.Equal("upheld", result.Status);
        Assert.Empty(script.Requests);
        Assert.True(script.Concluded!.TimedOut);
        Assert.Contains("no reviewer is eligible", script.Concluded.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decision_about_another_appeal_or_case_is_ignored()
    {
        var script = new Script(["rev-2@example.org"], ["lead@example.org"])
            .Decision(TimeSpan.FromMinutes(10), approve: true, "rev-2@example.org", caseId: "case_1")
            .Decision(TimeSpan.FromMinutes(20), approve: false, "rev-2@example.org");

        var result = await script.RunAsync();

        Assert.Equal("upheld", result.Status);
        Assert.False(script.Concluded!.TimedOut);
    }
}
