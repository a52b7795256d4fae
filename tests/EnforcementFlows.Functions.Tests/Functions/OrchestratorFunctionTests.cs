using EnforcementFlows.Enforcement.Appeals;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Functions.Orchestrations;
using EnforcementFlows.Workflows;
using EnforcementFlows.Workflows.Activities;
using EnforcementFlows.Workflows.Cases;
using Microsoft.DurableTask;
using Moq;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>The orchestration triggers run the SDK orchestrators on the context the Functions host hands them (Moq).</summary>
public sealed class OrchestratorFunctionTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);

    private static Mock<TaskOrchestrationContext> Context(string name, string instanceId)
    {
        var context = new Mock<TaskOrchestrationContext>(MockBehavior.Strict);
        context.SetupGet(c => c.Name).Returns(new TaskName(name));
        context.SetupGet(c => c.InstanceId).Returns(instanceId);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        context.SetupGet(c => c.IsReplaying).Returns(false);
        context.Setup(c => c.NewGuid()).Returns(Guid.Parse("0f0e0d0c-0b0a-0908-0706-050403020100"));
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>()));
        return context;
    }

    private static bool IsCall(object? input, CaseActivities.LiftInput lift)
        => input is ActivityCall<CaseActivities.LiftInput> call && call.Input == lift && call.CallId.Length == 32;

    private static bool OpensAppeal(object? input, AppealInput appeal)
        => input is ActivityCall<AppealInput> call && call.Input == appeal && call.CallId.Length == 32;

    private static bool OpensFor(object? input, string accountId, SignalRef seed)
        => input is ActivityCall<CaseActivities.OpenInput> call && call.Input.AccountId == accountId && call.Input.ConcludeWith == seed
            && call.Input.InstanceId == WorkflowNames.CaseInstanceId(accountId);

    [Fact]
    public async Task The_lift_trigger_lifts_an_expired_action_at_once_with_a_call_id()
    {
        var lift = new CaseActivities.LiftInput("act_1", new DateTimeOffset(Now.AddMinutes(-1)));
        var context = Context("ActionLift", "lift-act_1");
        context.Setup(c => c.GetInput<CaseActivities.LiftInput>()).Returns(lift);
        context.Setup(c => c.CallActivityAsync<bool>(It.Is<TaskName>(n => n.Name == CaseActivities.Lift),
                It.Is<object?>(o => IsCall(o, lift)),
                It.IsAny<TaskOptions?>()))
            .ReturnsAsync(true);

        Assert.True(await EnforcementOrchestratorFunctions.LiftAction(context.Object));
        context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_sweep_trigger_sweeps_sleeps_for_the_returned_interval_and_continues_as_new()
    {
        var context = Context("FlagSweep", "sweep");
        context.Setup(c => c.GetInput<int>()).Returns(4);
        context.Setup(c => c.CallActivityAsync<SweepResult>(It.Is<TaskName>(n => n.Name == "Sweep"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new SweepResult("sweep_1", 2, 3, ["case_9"], TimeSpan.FromMinutes(10)));
        context.Setup(c => c.CreateTimer(Now.AddMinutes(10), CancellationToken.None)).Returns(Task.CompletedTask);
        context.Setup(c => c.ContinueAsNew(5, false));

        Assert.Equal(4, await EnforcementOrchestratorFunctions.FlagSweep(context.Object));
        context.Verify(c => c.ContinueAsNew(5, false), Times.Once);
    }

    [Fact]
    public async Task The_case_trigger_opens_the_seeded_signal_s_case_for_its_account()
    {
        var seed = new SignalRef(SignalKind.Report, "sig_1");
        var context = Context("EnforcementCase", "case-acct-1");
        context.Setup(c => c.GetInput<CaseInput>()).Returns(new CaseInput("acct-1", seed));
        var opened = new InvalidOperationException("stop after open"); // the open is the part under test
        context.Setup(c => c.CallActivityAsync<CaseActivities.CaseSettings>(It.Is<TaskName>(n => n.Name == CaseActivities.Open),
                It.Is<object?>(o => OpensFor(o, "acct-1", seed)),
                It.IsAny<TaskOptions?>()))
            .ThrowsAsync(opened);

        Assert.Same(opened, await Assert.ThrowsAsync<InvalidOperationException>(() => EnforcementOrchestratorFunctions.EnforcementCase(context.Object)));
    }

    [Fact]
    public async Task A_case_started_without_input_fails_naming_the_instance()
    {
        var context = Context("EnforcementCase", "case-acct-2");
        context.Setup(c => c.GetInput<CaseInput>()).Returns((CaseInput?)null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EnforcementOrchestratorFunctions.EnforcementCase(context.Object));
        Assert.Contains("case-acct-2", error.Message);
    }

    [Fact]
    public async Task The_appeal_trigger_with_no_eligible_reviewer_concludes_on_the_timeout_outcome_and_says_nobody_decided()
    {
        var appeal = new AppealInput("apl-1", "sor_1", "act_1", "case_1", "acct-1");
        var context = Context(WorkflowNames.Appeal, WorkflowNames.AppealInstanceId("sor_1"));
        context.Setup(c => c.GetInput<AppealInput>()).Returns(appeal);
        // Every approver of the category decided the original case: nobody may review it.
        context.Setup(c => c.CallActivityAsync<AppealSettings>(It.Is<TaskName>(n => n.Name == AppealActivities.Open),
                It.Is<object?>(o => OpensAppeal(o, appeal)), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new AppealSettings([], [], TimeSpan.FromHours(4), TimeSpan.FromHours(8), TimeSpan.FromDays(7), AppealOutcomes.Uphold, "violent_threat", "suspend"));
        AppealConclusion? concluded = null;
        context.Setup(c => c.CallActivityAsync<AppealResult>(It.Is<TaskName>(n => n.Name == AppealActivities.Conclude), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, o, _) => concluded = ((ActivityCall<AppealConclusion>)o!).Input)
            .ReturnsAsync(new AppealResult("apl-1", "upheld", null));

        var result = await EnforcementOrchestratorFunctions.AppealReview(context.Object);

        Assert.Equal("upheld", result.Status);
        Assert.NotNull(concluded);
        Assert.True(concluded.TimedOut);
        Assert.False(concluded.Overturn);
        Assert.Null(concluded.DecidedBy);
        Assert.Contains("no reviewer is eligible", concluded.Reason);
        context.Verify(c => c.CallActivityAsync<int>(It.Is<TaskName>(n => n.Name == AppealActivities.RequestReview), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Fact]
    public async Task An_appeal_started_without_input_fails_naming_the_instance()
    {
        var context = Context(WorkflowNames.Appeal, "appeal-sor_2");
        context.Setup(c => c.GetInput<AppealInput>()).Returns((AppealInput?)null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EnforcementOrchestratorFunctions.AppealReview(context.Object));
        Assert.Contains("appeal-sor_2", error.Message);
    }
}
