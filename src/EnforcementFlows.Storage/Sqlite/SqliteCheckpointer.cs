using Microsoft.Data.Sqlite;

namespace EnforcementFlows.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file on its own thread and connection, so the writer's
/// commits never pay for checkpoints (the writer runs with wal_autocheckpoint=0). PASSIVE
/// checkpoints never block the writer; the WAL is reused from its start once fully copied.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private readonly string _connectionString;
    private readonly AutoResetEvent _committed = new(false);
    private readonly Thread _thread;
    private volatile bool _stopping;

    public SqliteCheckpointer(string connectionString)
    {
        _connectionString = connectionString;
        _thread = new Thread(Loop) { IsBackground = true, Name = "sqlite-checkpointer" };
        _thread.Start();
    }

    /// <summary>Called by the writer after each commit.</summary>
    public void Committed() => _committed.Set();

    private void Loop()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (!_stopping)
        {
            _committed.WaitOne(TimeSpan.FromSeconds(1));
            if (_stopping)
            {
                break;
            }
            try
            {
                checkpoint.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Busy or locked: the next commit asks again.
            }
            Thread.Sleep(MinInterval);
        }
        try
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Another process holds the database; its own checkpointer will finish the job.
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _committed.Set();
        _thread.Join(TimeSpan.FromSeconds(30));
        _committed.Dispose();
    }
}
