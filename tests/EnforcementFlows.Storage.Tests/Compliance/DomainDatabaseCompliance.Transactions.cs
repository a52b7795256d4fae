namespace EnforcementFlows.Storage.Tests.Compliance;

/// <summary>Operations are atomic, and one failing does not disturb the others of its group commit.</summary>
public abstract partial class DomainDatabaseCompliance
{
    private Task CreateReceiptsTable()
        => Database.RunInTransactionAsync(tx => { tx.Script("CREATE TABLE IF NOT EXISTS app_receipts (id TEXT PRIMARY KEY, n INTEGER)"); return 0; }, CancellationToken.None);

    private Task<List<string>> Receipts()
        => Database.RunInTransactionAsync(tx => tx.Query("SELECT id FROM app_receipts ORDER BY id", r => r.GetString(0)), CancellationToken.None);

    [Fact]
    public async Task Every_write_of_an_operation_commits_together_and_the_operation_returns_its_result()
    {
        await CreateReceiptsTable();
        var result = await Database.RunInTransactionAsync(tx =>
        {
            tx.Execute("INSERT INTO app_receipts (id, n) VALUES ($p0, $p1)", "r1", 1);
            tx.Defer("INSERT INTO app_receipts (id, n) VALUES ($p0, $p1)", "r2", 2);
            return Convert.ToInt64(tx.Scalar("SELECT SUM(n) FROM app_receipts"), System.Globalization.CultureInfo.InvariantCulture);
        }, CancellationToken.None);

        Assert.Equal(3, result);
        Assert.Equal(["r1", "r2"], await Receipts());
    }

    [Fact]
    public async Task A_failing_operation_leaves_nothing_behind_and_does_not_disturb_its_neighbours()
    {
        await CreateReceiptsTable();
        var failing = Database.RunInTransactionAsync<int>(tx =>
        {
            tx.Execute("INSERT INTO app_receipts (id) VALUES ($p0)", "dup");
            tx.Execute("INSERT INTO app_receipts (id) VALUES ($p0)", "dup"); // primary key violation
            return 0;
        }, CancellationToken.None);
        var neighbour = Database.RunInTransactionAsync(tx => tx.Execute("INSERT INTO app_receipts (id) VALUES ($p0)", "ok"), CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => failing);
        Assert.Equal(1, await neighbour);
        Assert.Equal(["ok"], await Receipts());
    }

    [Fact]
    public async Task An_exception_thrown_by_the_operation_itself_rolls_back_its_writes()
    {
        await CreateReceiptsTable();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Database.RunInTransactionAsync<int>(tx =>
        {
            tx.Execute("INSERT INTO app_receipts (id) VALUES ($p0)", "kept-not");
            throw new InvalidOperationException("changed its mind");
        }, CancellationToken.None));

        Assert.Equal("changed its mind", error.Message);
        Assert.Empty(await Receipts());
    }

    [Fact]
    public async Task Guarded_writes_fail_with_the_row_counts_when_the_row_changed_since_it_was_read()
    {
        await CreateReceiptsTable();
        var error = await Assert.ThrowsAsync<UnexpectedRowCountException>(() => Database.RunInTransactionAsync(tx =>
        {
            tx.DeferExpecting(1, "UPDATE app_receipts SET n = 1 WHERE id = $p0", "missing");
            return 0;
        }, CancellationToken.None));

        Assert.Contains("changed 0 rows where 1 were expected", error.Message);
    }

    [Fact]
    public async Task Operations_see_the_dialect_they_run_on()
    {
        var dialect = await Database.RunInTransactionAsync(tx => tx.Dialect, CancellationToken.None);
        Assert.Equal(Database.Dialect, dialect);
        Assert.Contains(dialect, new[] { "sqlite", "postgres" });
    }
}
