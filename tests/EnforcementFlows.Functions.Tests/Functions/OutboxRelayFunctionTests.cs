using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Functions.Relay;
using EnforcementFlows.Functions.Tests.Infrastructure;
using EnforcementFlows.Workflows;
using EnforcementFlows.Workflows.Cases;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>The relay timer delivers outbox rows the domain committed through the durable client it is bound to (Moq).</summary>
public sealed class OutboxRelayFunctionTests(FunctionsHostFixture host) : IClassFixture<FunctionsHostFixture>
{
    [Fact]
    public async Task Committed_signals_start_their_account_cases_once_across_batches()
    {
        // The domain's workflow commands in this host are outbox rows, written in the domain's transaction.
        var commands = host.Services.GetRequiredService<CaseWorkflowCommands>();
        Assert.IsType<OutboxCaseWorkflowCommands>(commands);
        var store = host.Services.GetRequiredService<IDomainDatabase>();
        string[] accounts = ["acct-r1", "acct-r2", "acct-r3"];
        await store.RunInTransactionAsync(tx =>
        {
            commands.JoinCases(tx, accounts.Select(a => (a, new SignalRef(SignalKind.Report, "sig-" + a))).ToList());
            return true;
        }, CancellationToken.None);

        var client = new Mock<DurableTaskClient>("test-hub");
        var started = new List<(string Instance, CaseInput Input)>();
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.Is<TaskName>(n => n.Name == WorkflowNames.Case), It.IsAny<object?>(),
                It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName _, object? input, StartOrchestrationOptions? options, CancellationToken _) => started.Add((options!.InstanceId!, (CaseInput)input!)))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => options!.InstanceId!);
        var relay = ActivatorUtilities.CreateInstance<OutboxRelayFunction>(host.Services);

        // RelayBatchSize is 2: one invocation drains both batches.
        Assert.Equal(3, await relay.Run(new TimerInfo(), client.Object, CancellationToken.None));
        Assert.Equal(accounts.Select(WorkflowNames.CaseInstanceId), started.Select(s => s.Instance));
        Assert.Equal(accounts, started.Select(s => s.Input.AccountId));
        Assert.Equal(0, await host.Services.GetRequiredService<WorkflowOutbox>().BacklogAsync(CancellationToken.None));

        // Sent rows are not delivered again.
        Assert.Equal(0, await relay.Run(new TimerInfo(), client.Object, CancellationToken.None));
        Assert.Equal(3, started.Count);
    }
}
