using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows.Cases;

namespace EnforcementFlows.Workflows.Tests.Orchestrators;

public sealed class CaseOrchestrationTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task Automatic_action_concluded_by_the_opening_activity_closes_and_continues_as_new()
    {
        var script = new CaseScript();
        script.Context.OnActivity<CaseActivities.OpenInput, CaseActivities.CaseSettings>(CaseActivities.Open, input =>
            new CaseActivities.CaseSettings(TimeSpan.Zero, new CaseActivities.Conclusion(CaseScript.Automatic("ban"),
                new CaseActivities.Applied("act_9", CaseScript.Start, null), "enforced")));

        var result = await script.RunAsync();

        Assert.Equal("enforced", result!.Status);
        Assert.Equal("ban", result.Action);
        Assert.Single(script.Context.Calls); // open concluded everything: no assess, no apply, no close
        Assert.Equal(CaseScript.Seed, script.Context.InputsOf<CaseActivities.OpenInput>(CaseActivities.Open).Single().ConcludeWith);
        var next = Assert.IsType<CaseInput>(script.Context.ContinuedAsNew!.Value.Input);
        Assert.True(script.Context.ContinuedAsNew.Value.PreserveEvents); // signals that arrived meanwhile open the next case
        Assert.Null(next.Seed);
        Assert.Equal(["sig_seed"], next.RecentSignalIds);
    }

    [Fact]
    public async Task Collect_window_gathers_signals_drops_duplicates_and_dismisses()
    {
        var assessed = new List<IReadOnlyList<SignalRef>>();
        var script = new CaseScript()
            .Collecting(TimeSpan.FromSeconds(30), CaseScript.Automatic(CaseOrchestrationFacts.Dismiss), closedAs: "dismissed", assessed)
            .Signal(TimeSpan.FromSeconds(5), "sig_seed") // the seed delivered again by the relay
            .Signal(TimeSpan.FromSeconds(10), "sig_2")
            .Signal(TimeSpan.FromSeconds(20), "sig_2") // and a duplicate of a collected one
            .Signal(TimeSpan.FromSeconds(25), "sig_3")
            .Signal(TimeSpan.FromSeconds(45), "sig_late"); // after the window: the next case's

        var result = await script.RunAsync();

        Assert.Equal("dismissed", result!.Status);
        Assert.Equal(["sig_seed", "sig_2", "sig_3"], assessed.Single().Select(s => s.SignalId));
        Assert.Equal(CaseScript.Start.AddSeconds(30), script.Context.Now);
        Assert.Equal(["collecting", "assessed", "closed"], script.Stages);
        Assert.Equal(["sig_seed", "sig_2", "sig_3"], Assert.IsType<CaseInput>(script.Context.ContinuedAsNew!.Value.Input).RecentSignalIds);
    }

    [Fact]
    public async Task A_signal_taken_by_an_earlier_generation_does_not_open_a_case()
    {
        var assessed = new List<IReadOnlyList<SignalRef>>();
        var script = new CaseScript().Collecting(TimeSpan.FromSeconds(30), CaseScript.Automatic("warn"), "enforced", assessed)
            .Signal(TimeSpan.Zero, "sig_new");

        await script.RunAsync(new CaseInput("acct-1", CaseScript.Seed, ["sig_seed"]));

        Assert.Equal(["sig_new"], assessed.Single().Select(s => s.SignalId));
    }

    [Fact]
    public async Task A_generation_without_a_seed_shows_it_waits_then_takes_the_next_new_signal()
    {
        var assessed = new List<IReadOnlyList<SignalRef>>();
        var script = new CaseScript().Collecting(TimeSpan.FromSeconds(30), CaseScript.Automatic("warn"), "enforced", assessed)
            .Signal(TimeSpan.Zero, "sig_seed") // taken by the previous generation: dropped
            .Signal(TimeSpan.Zero, "sig_next");

        var result = await script.RunAsync(new CaseInput("acct-1", null, ["sig_seed"]));

        Assert.Equal("enforced", result!.Status);
        Assert.Equal(["waiting_for_signal", "collecting", "assessed", "closed"], script.Stages);
        Assert.Equal(["sig_next"], assessed.Single().Select(s => s.SignalId));
    }

    [Fact]
    public async Task Approved_case_applies_the_proposed_action_and_closes_with_it()
    {
        var script = new CaseScript().Collecting(TimeSpan.Zero, CaseScript.Needing()).Decision(Hour, approved: true, "alice@example.test");

        var result = await script.RunAsync();

        Assert.Equal(new CaseResult(result!.CaseId, "enforced", "suspend"), result);
        var apply = script.Applied.Single();
        Assert.Equal(CaseScript.Start + Hour, apply.At);
        Assert.Equal(("suspend", 86_400L, true), (apply.Input.Outcome, apply.Input.DurationSeconds!.Value, apply.Input.CloseCase));
        Assert.Empty(script.ClosedAs); // the apply closes the case in its transaction
        Assert.Contains("awaiting_approval", script.Stages);
    }

    [Fact]
    public async Task Rejected_case_closes_as_rejected_without_an_action()
    {
        var script = new CaseScript().Collecting(TimeSpan.Zero, CaseScript.Needing()).Decision(Hour, approved: false, "alice@example.test");

        var result = await script.RunAsync();

        Assert.Equal("rejected", result!.Status);
        Assert.Empty(script.Applied);
        Assert.Equal(["rejected"], script.ClosedAs);
    }

    [Fact]
    public async Task Reviewer_dismissal_closes_as_dismissed_and_lifts_the_interim_restriction()
    {
        var script = new CaseScript().Collecting(TimeSpan.Zero, CaseScript.Needing(restrictNow: true))
            .Decision(Hour, approved: false, "alice@example.test", dismiss: true);

        var result = await script.RunAsync();

        Assert.Equal("dismissed", result!.Status);
        var interim = Assert.Single(script.Applied);
        Assert.True(interim.Input.Interim);
        Assert.Equal("act_1", script.Context.InputsOf<CaseActivities.LiftInput>(CaseActivities.Lift).Single().ActionId);
    }

    [Fact]
    public async Task Timed_out_approval_with_dismiss_outcome_expires_at_the_deadline()
    {
        var script = new CaseScript().Collecting(TimeSpan.Zero, CaseScript.Needing());

        var result = await script.RunAsync();

        Assert.Equal("expired", result!.Status);
        Assert.Equal(CaseScript.Start.AddHours(24), script.Context.Now);
        Assert.Single(script.Context.InputsOf<CaseActivities.CaseRef>(CaseActivities.RecordApprovalExpired));
        Assert.Equal(["expired"], script.ClosedAs);
        Assert.Empty(script.Applied);
    }

    [Fact]
    public async Task Timed_out_approval_with_an_action_outcome_applies_the_timeout_action()
    {
        var script = new CaseScript().Collecting(TimeSpan.Zero, CaseScript.Needing(timeoutOutcome: "restrict"));

        await script.RunAsync();

        var apply = script.Applied.Single();
        Assert.Equal(("restrict", 3_600L), (apply.Input.Outcome, apply.Input.DurationSeconds!.Value));
        Assert.Equal(CaseScript.Start.AddHours(24), apply.At);
    }

    [Fact]
    public async Task Reminder_then_escalation_fire_at_their_times_before_a_late_approval()
    {
        var script = new CaseScript().Collecting(TimeSpan.Zero, CaseScript.Needing(reminder: 4 * Hour, escalate: 8 * Hour))
            .Decision(10 * Hour, approved: true, "lead@example.test");

        await script.RunAsync();

        var stages = script.Context.InputsOf<ApprovalStageInput>(CaseActivities.RequestApproval).Select(s => (s.Stage, s.Approvers[0])).ToList();
        Assert.Equal([("primary", "alice@example.test"), ("primary-reminder", "alice@example.test"), ("secondary", "lead@example.test")], stages);
        Assert.Equal(CaseScript.Start + 10 * Hour, script.Applied.Single().At);
    }

    [Fact]
    public async Task Two_person_rule_needs_two_distinct_approvers_and_drops_repeated_decisions()
    {
        var script = new CaseScript().Collecting(TimeSpan.Zero, CaseScript.Needing(approvers: 2))
            .Decision(1 * Hour, approved: true, "alice@example.test", id: "dec_1")
            .Decision(2 * Hour, approved: true, "ALICE@example.test", id: "dec_2") // the same person again
            .Decision(3 * Hour, approved: false, "mallory@example.test", id: "dec_1") // a redelivered id: dropped
            .Decision(4 * Hour, approved: false, "old@example.test", caseId: "case_earlier") // about an earlier case: dropped
            .Decision(5 * Hour, approved: true, "bob@example.test", id: "dec_3");

        var result = await script.RunAsync();

        Assert.Equal("enforced", result!.Status);
        Assert.Equal(CaseScript.Start + 5 * Hour, script.Applied.Single().At);
    }

    [Fact]
    public async Task Activity_failing_past_its_retries_fails_the_orchestration_with_the_error()
    {
        var script = new CaseScript();
        script.Context.OnActivity<CaseActivities.OpenInput, CaseActivities.CaseSettings>(CaseActivities.Open, _ =>
            throw new Microsoft.DurableTask.TaskFailedException(CaseActivities.Open, 1,
                new Microsoft.DurableTask.TaskFailureDetails("System.TimeoutException", "database unreachable", null, null, null)));

        var failure = await Assert.ThrowsAsync<Microsoft.DurableTask.TaskFailedException>(() => script.RunAsync());

        Assert.Contains("database unreachable", failure.FailureDetails.ErrorMessage);
        var options = script.Context.Calls.Single().Options!;
        var retry = Assert.IsType<Microsoft.DurableTask.TaskRetryOptions>(options.Retry);
        Assert.Equal(10, retry.Policy!.MaxNumberOfAttempts);
        Assert.Null(script.Context.ContinuedAsNew);
    }

    [Fact]
    public async Task Every_activity_call_has_its_own_call_id()
    {
        var script = new CaseScript().Collecting(TimeSpan.Zero, CaseScript.Needing(reminder: Hour)).Decision(2 * Hour, true, "alice@example.test");

        await script.RunAsync();

        var ids = script.Context.Calls.Select(c => (string)c.Input!.GetType().GetProperty("CallId")!.GetValue(c.Input)!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(ids.Count >= 4);
    }
}

internal static class CaseOrchestrationFacts
{
    public const string Dismiss = "dismiss";
}
