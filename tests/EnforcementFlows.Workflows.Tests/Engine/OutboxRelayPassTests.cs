using System.Collections.Concurrent;
using EnforcementFlows.App.Workflows;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Storage;
using EnforcementFlows.Storage.Sqlite;
using EnforcementFlows.Workflows.Cases;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>
/// One relay pass delivers different instances' rows at once (so the task hub can commit their starts together) and
/// each instance's rows in commit order, stopping that instance at its first failure without holding back the others.
/// </summary>
public sealed class OutboxRelayPassTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ef-relay-").FullName;
    private SqliteDomainDatabase _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteDomainDatabase(new SqliteDatabaseOptions { DatabasePath = Path.Combine(_directory, "domain.db"), FullDurability = false });
        await EnforcementStorage.EnsureSchemaAsync(_store, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_pass_delivers_instances_concurrently_each_in_order_and_a_failure_stops_only_its_instance()
    {
        var commands = new OutboxCaseWorkflowCommands(TimeProvider.System);
        await _store.RunInTransactionAsync(tx =>
        {
            commands.JoinCases(tx, [Signal("acct-a", "a-1"), Signal("acct-b", "b-1"), Signal("acct-a", "a-2"), Signal("acct-b", "b-2"),
                Signal("acct-c", "c-1"), Signal("acct-b", "b-3"), Signal("acct-a", "a-3")]);
            return true;
        }, CancellationToken.None);

        var delivered = new ConcurrentQueue<string>();
        var cSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new Mock<DurableTaskClient>("relay-test");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(async (TaskName _, object? input, StartOrchestrationOptions? _, CancellationToken _) =>
            {
                var signal = ((CaseInput)input!).Seed!.SignalId;
                if (signal == "a-1")
                {
                    // Delivered one row after another, acct-c's row would never come while this one waits: the wait times out.
                    await cSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
                }
                if (signal == "c-1")
                {
                    cSeen.TrySetResult();
                }
                if (signal == "b-2")
                {
                    throw new InvalidOperationException("task hub refused b-2");
                }
                delivered.Enqueue(signal);
                return "ignored";
            });
        var relay = new OutboxRelay(new WorkflowOutbox(_store, TimeProvider.System), client.Object, new JobLeases(_store, TimeProvider.System),
            Options.Create(new WorkflowEngineOptions()), NullLogger<OutboxRelay>.Instance);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => relay.RelayOnceAsync(CancellationToken.None));

        Assert.Equal("task hub refused b-2", failure.Message);
        var order = delivered.ToList();
        Assert.Equal(["a-1", "a-2", "a-3"], order.Where(s => s.StartsWith('a')));
        Assert.Equal(["b-1"], order.Where(s => s.StartsWith('b')));
        Assert.Contains("c-1", order);
        var pending = await _store.QueryCommittedAsync("SELECT payload, attempts FROM ef_workflow_outbox WHERE sent_at IS NULL ORDER BY seq",
            r => (r.GetString(0), r.GetInt32(1)), CancellationToken.None);
        Assert.Collection(pending,
            row => { Assert.Contains("\"b-2\"", row.Item1); Assert.Equal(1, row.Item2); },
            row => { Assert.Contains("\"b-3\"", row.Item1); Assert.Equal(0, row.Item2); });
    }

    private static (string AccountId, SignalRef Signal) Signal(string account, string id) => (account, new SignalRef(SignalKind.Flag, id));
}
