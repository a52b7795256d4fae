using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// Copies the WAL back into the database file on its own connection and thread, so the writer's
/// COMMIT is only the WAL append and its fsync (the writer runs with wal_autocheckpoint=0). Passive
/// checkpoints never block the writer or readers.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly SqliteConnection _connection;
    private readonly Func<long> _commits;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _checkpointedAt;

    public WalCheckpointer(string connectionString, Func<long> commits)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _commits = commits;
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var commits = _commits();
            if (commits == _checkpointedAt)
            {
                continue;
            }
            try
            {
                command.ExecuteNonQuery();
                _checkpointedAt = commits;
            }
            catch (SqliteException)
            {
                // Busy or read-only: the next round tries again; the WAL keeps everything meanwhile.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait(TimeSpan.FromSeconds(10));
        _connection.Dispose();
        _stop.Dispose();
    }
}
