namespace EnforcementFlows.Storage.Tests.Compliance;

/// <summary>Held-back writes and commit participants inside the group commit: a failure stays with its own operation.</summary>
public abstract partial class DomainDatabaseCompliance
{
    private async Task CreateItemsTable()
        => await Database.RunInTransactionAsync(tx => { tx.Script("CREATE TABLE IF NOT EXISTS app_items (id TEXT PRIMARY KEY)"); return 0; }, CancellationToken.None);

    private Task<List<string>> Items()
        => Database.RunInTransactionAsync(tx => tx.Query("SELECT id FROM app_items ORDER BY id", r => r.GetString(0)), CancellationToken.None);

    [Fact]
    public async Task Committed_reads_outside_the_writer_see_what_transactions_committed()
    {
        await CreateItemsTable();
        await Database.RunInTransactionAsync(tx =>
        {
            tx.Defer("INSERT INTO app_items (id) VALUES ($p0)", "one");
            tx.Defer("INSERT INTO app_items (id) VALUES ($p0)", "two");
            return 0;
        }, CancellationToken.None);

        var rows = await Database.QueryCommittedAsync("SELECT id, LENGTH(id) FROM app_items WHERE id <> $p0 ORDER BY id", r => (r.GetString(0), r.GetInt32(1)),
            CancellationToken.None, "two");
        Assert.Equal([("one", 3)], rows);
    }

    [Fact]
    public async Task A_deferred_write_that_fails_fails_only_its_own_operation()
    {
        await CreateItemsTable();
        await Database.RunInTransactionAsync(tx => { tx.Defer("INSERT INTO app_items (id) VALUES ($p0)", "taken"); return 0; }, CancellationToken.None);

        // Started together so the writer takes many of them into one transaction.
        var operations = Enumerable.Range(0, 40).Select(i => Database.RunInTransactionAsync(tx =>
        {
            tx.Defer("INSERT INTO app_items (id) VALUES ($p0)", $"item-{i:00}");
            if (i == 17)
            {
                tx.Defer("INSERT INTO app_items (id) VALUES ($p0)", "taken"); // primary key violation, seen only when sent
            }
            return i;
        }, CancellationToken.None)).ToList();

        await Assert.ThrowsAnyAsync<Exception>(() => operations[17]);
        foreach (var op in operations.Where((_, i) => i != 17))
        {
            await op;
        }
        var expected = Enumerable.Range(0, 40).Where(i => i != 17).Select(i => $"item-{i:00}").Append("taken").Order(StringComparer.Ordinal);
        Assert.Equal(expected, await Items());
    }

    [Fact]
    public async Task A_failed_deferred_write_stays_with_its_operation_even_when_the_next_operation_rethrows_the_error_as_its_own()
    {
        await CreateItemsTable();
        await Database.RunInTransactionAsync(tx => { tx.Defer("INSERT INTO app_items (id) VALUES ($p0)", "taken"); return 0; }, CancellationToken.None);

        var pairs = Enumerable.Range(0, 20).Select(i => (
            Failing: Database.RunInTransactionAsync(tx => { tx.Defer("INSERT INTO app_items (id) VALUES ($p0)", "taken"); return i; }, CancellationToken.None),
            Wrapping: Database.RunInTransactionAsync(tx =>
            {
                try
                {
                    // On PostgreSQL this round trip carries the previous operation's deferred insert.
                    return tx.Query("SELECT 1", r => r.GetInt32(0))[0];
                }
                catch (Exception ex)
                {
                    throw new InvalidOperationException("wrapped", ex);
                }
            }, CancellationToken.None))).ToList();

        foreach (var (failing, wrapping) in pairs)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => failing);
            Assert.Equal(1, await wrapping);
        }
        Assert.Equal(["taken"], await Items());
    }

    [Fact]
    public async Task A_commit_participant_writes_once_what_the_succeeding_operations_added()
    {
        await CreateItemsTable();
        var operations = Enumerable.Range(0, 40).Select(i => Database.RunInTransactionAsync(tx =>
        {
            tx.Participant<CollectedItems>().Add($"p-{i:00}");
            if (i % 3 == 0)
            {
                throw new InvalidOperationException("this operation fails after adding");
            }
            return i;
        }, CancellationToken.None)).ToList();

        for (var i = 0; i < operations.Count; i++)
        {
            if (i % 3 == 0)
            {
                await Assert.ThrowsAsync<InvalidOperationException>(() => operations[i]);
            }
            else
            {
                Assert.Equal(i, await operations[i]);
            }
        }
        // A participant writing twice, or keeping a failed operation's item, would break the primary key or this list.
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i % 3 != 0).Select(i => $"p-{i:00}"), await Items());
    }

    /// <summary>
    /// Guarded writes (claim an item only if nobody has): the operations that find it taken fail whole, with their
    /// participant's additions, and only they; the last operation's guard is checked before COMMIT, not after it.
    /// </summary>
    [Fact]
    public async Task A_guarded_write_that_misses_its_row_count_fails_only_its_own_operation_and_keeps_nothing_of_it()
    {
        await CreateItemsTable();
        await Database.RunInTransactionAsync(tx => { tx.Script("CREATE TABLE IF NOT EXISTS app_claims (id TEXT PRIMARY KEY, owner TEXT)"); return 0; }, CancellationToken.None);
        await Database.RunInTransactionAsync(tx =>
        {
            for (var i = 0; i < 10; i++)
            {
                tx.Defer("INSERT INTO app_claims (id, owner) VALUES ($p0, NULL)", $"c-{i}");
            }
            return 0;
        }, CancellationToken.None);

        // Two operations per claim, started together so they share group commits; the second of each pair finds it owned.
        var operations = Enumerable.Range(0, 20).Select(i => Database.RunInTransactionAsync(tx =>
        {
            tx.DeferExpecting(1, "UPDATE app_claims SET owner = $p1 WHERE id = $p0 AND owner IS NULL", $"c-{i / 2}", $"op-{i:00}");
            tx.Participant<CollectedItems>().Add($"by-op-{i:00}");
            return i;
        }, CancellationToken.None)).ToList();

        var won = new List<int>();
        for (var i = 0; i < operations.Count; i++)
        {
            try
            {
                won.Add(await operations[i]);
            }
            catch (UnexpectedRowCountException)
            {
            }
        }
        Assert.Equal(Enumerable.Range(0, 10), won.Select(i => i / 2));
        var owners = await Database.RunInTransactionAsync(tx => tx.Query("SELECT owner FROM app_claims ORDER BY id", r => r.GetString(0)), CancellationToken.None);
        Assert.Equal(won.Select(i => $"op-{i:00}"), owners);
        Assert.Equal(won.Select(i => $"by-op-{i:00}"), await Items());
    }

    /// <summary>Inserts its items just before COMMIT.</summary>
    private sealed class CollectedItems : ICommitParticipant
    {
        private readonly List<string> _items = [];

        public int Mark => _items.Count;

        public void Add(string item) => _items.Add(item);

        public void RollbackTo(int mark) => _items.RemoveRange(mark, _items.Count - mark);

        public void BeforeCommit(IDomainTransaction tx)
        {
            foreach (var item in _items)
            {
                tx.Defer("INSERT INTO app_items (id) VALUES ($p0)", item);
            }
        }
    }
}
