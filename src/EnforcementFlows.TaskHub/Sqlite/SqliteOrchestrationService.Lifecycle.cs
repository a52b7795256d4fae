using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    public Task CreateAsync() => CreateAsync(recreateInstanceStore: true);

    public async Task CreateAsync(bool recreateInstanceStore)
    {
        EnsureOpen();
        if (recreateInstanceStore)
        {
            await Writer.RunAsync(context =>
            {
                foreach (var table in new[] { "instances", "history", "messages", "sessions", "activities" })
                {
                    context.Execute($"DELETE FROM {table}");
                }
            }).ConfigureAwait(false);
        }
    }

    public Task CreateIfNotExistsAsync() => CreateAsync(recreateInstanceStore: false);

    public Task DeleteAsync() => DeleteAsync(deleteInstanceStore: true);

    public Task DeleteAsync(bool deleteInstanceStore)
    {
        CloseWriter();
        SqliteConnection.ClearAllPools();
        if (deleteInstanceStore)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", ".owner" })
            {
                File.Delete(DatabasePath + suffix);
            }
        }
        return Task.CompletedTask;
    }

    public async Task StartAsync()
    {
        var writer = EnsureOpen();
        _stopping = false;
        if (!_options.ReleaseLeasesAtStart || !TryBecomeOwner())
        {
            return;
        }
        // This worker owns the file now (the owner lock below is free only when no live worker holds it), so a lease
        // still recorded was left by a process that died (SIGKILL, power loss). Waiting for it to expire would stall
        // that work for LockTimeout after every restart; it is offered again now instead (turns and activity results
        // are guarded by lock tokens, so the dead holder's work is redone, never applied twice).
        var released = await writer.RunAsync(context =>
            context.Execute("UPDATE sessions SET lock_token = NULL, locked_until = NULL, available_at = $now WHERE lock_token IS NOT NULL", ("$now", context.Now))
            + context.Execute("UPDATE activities SET lock_token = NULL, available_at = $now WHERE lock_token IS NOT NULL", ("$now", context.Now))).ConfigureAwait(false);
        if (released > 0)
        {
            Log.StaleLeasesReleased(_logger, released);
        }
    }

    /// <summary>
    /// Takes the file's owner lock (an OS lock on "{database}.owner", which the kernel drops when the process dies) and
    /// keeps it until Dispose. False: another live worker process holds it, so the recorded leases may be its own.
    /// </summary>
    private bool TryBecomeOwner()
    {
        if (_ownerLock is not null)
        {
            return true;
        }
        try
        {
            _ownerLock = new FileStream(DatabasePath + ".owner", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void CloseWriter()
    {
        _ownerLock?.Dispose();
        _ownerLock = null;
        _readers.Dispose();
        TaskHubWriter? writer;
        WalCheckpointer? checkpointer;
        lock (_startLock)
        {
            writer = _writer;
            _writer = null;
            checkpointer = _checkpointer;
            _checkpointer = null;
        }
        checkpointer?.Dispose();
        if (writer is not null)
        {
            Log.Stopped(_logger, writer.Transactions, writer.Operations);
            writer.Dispose();
        }
    }

    private TaskHubWriter EnsureOpen()
    {
        lock (_startLock)
        {
            if (_writer is not null)
            {
                return _writer;
            }
            ObjectDisposedException.ThrowIf(_disposed, this);
            var directory = Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            var connection = new SqliteConnection(_writeConnectionString);
            try
            {
                connection.Open();
                // SQLite opens a write-protected file read-only without complaint; say so now, not at the first turn.
                if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
                {
                    throw new TaskHubStorageException($"The task hub database '{DatabasePath}' is read-only (file or directory write-protected); the task hub needs to write it. Nothing was written", innerException: null);
                }
                using (var pragma = connection.CreateCommand())
                {
                    // WAL + FULL: a committed turn survives power loss; throughput comes from group commit.
                    pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=0;";
                    pragma.ExecuteNonQuery();
                }
                SqliteSchema.Migrate(connection);
                Log.Started(_logger, DatabasePath, SqliteSchema.CurrentVersion(connection));
            }
            catch (TaskHubStorageException)
            {
                connection.Dispose();
                throw;
            }
            catch (SqliteException ex)
            {
                connection.Dispose();
                throw new TaskHubStorageException($"The task hub database '{DatabasePath}' cannot be opened for writing (SQLite error {ex.SqliteErrorCode}: {ex.Message}); nothing was written", ex);
            }
            var writer = new TaskHubWriter(connection, _options.MaxWritesPerCommit, OnCommitted);
            _checkpointer = new WalCheckpointer(_readConnectionString, () => writer.Transactions);
            _writer = writer;
            return _writer;
        }
    }
}
