using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Storage.Sqlite;
using EnforcementFlows.Durable.Tests.Infrastructure;

namespace EnforcementFlows.Durable.Tests.Stores;

public sealed class SqliteStoreComplianceTests : DurableStoreCompliance
{
    private readonly TestDirectory _dir = new("sqlite-store");

    protected override Task<IDurableStore> CreateStoreAsync(TimeProvider clock)
        => Task.FromResult<IDurableStore>(new SqliteDurableStore(new SqliteStoreOptions { DatabasePath = _dir.File("store.db") }, clock));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Database_runs_in_WAL_mode()
    {
        await Store.StartAsync(New("x"), CancellationToken.None);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dir.File("store.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task A_signal_that_arrives_while_the_final_turn_runs_restarts_the_instance_instead_of_being_dropped()
    {
        await Store.SignalWithStartAsync(New("acct"), new EventRaised("signal", "1"), CancellationToken.None);
        var item = await ClaimOne();
        var firstExecution = item.ExecutionId;
        await Store.SignalWithStartAsync(New("acct"), new EventRaised("signal", "2"), CancellationToken.None); // lands after the claim

        var finished = Turn(item, new OrchestratorStarted()) with { Status = OrchestrationStatus.Completed, Output = "\"done\"" };
        Assert.Equal([true], await Store.CommitOrchestrationsAsync("w1", [finished], CancellationToken.None));

        var instance = await Store.GetInstanceAsync("acct", CancellationToken.None);
        Assert.Equal(OrchestrationStatus.Pending, instance!.Status);
        Assert.NotEqual(firstExecution, instance.ExecutionId);
        var next = await ClaimOne();
        Assert.Equal("2", Assert.IsType<EventRaised>(next.Messages[0].Event).Input);
        Assert.IsType<ExecutionStarted>(next.Messages[1].Event);
    }
}
