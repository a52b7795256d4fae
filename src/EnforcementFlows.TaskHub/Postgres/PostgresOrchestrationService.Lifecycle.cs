using Npgsql;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>Start-up (migrations, writer, listener), create/delete, stop and dispose.</summary>
public sealed partial class PostgresOrchestrationService
{
    public Task CreateAsync() => CreateAsync(recreateInstanceStore: true);

    public async Task CreateAsync(bool recreateInstanceStore)
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        if (recreateInstanceStore)
        {
            await Writer.RunAsync(s => s.Defer($"TRUNCATE {_s}.instances, {_s}.history, {_s}.messages, {_s}.sessions, {_s}.activities")).ConfigureAwait(false);
        }
    }

    public Task CreateIfNotExistsAsync() => CreateAsync(recreateInstanceStore: false);

    public Task DeleteAsync() => DeleteAsync(deleteInstanceStore: true);

    public async Task DeleteAsync(bool deleteInstanceStore)
    {
        await StopBackgroundAsync().ConfigureAwait(false);
        if (deleteInstanceStore)
        {
            await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_s} CASCADE", connection);
            await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    public async Task StartAsync()
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        _stopping = false;
    }

    private async Task EnsureStartedAsync()
    {
        if (_writer is not null)
        {
            return;
        }
        await _startLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_writer is not null)
            {
                return;
            }
            ObjectDisposedException.ThrowIf(_disposed, this);
            int version;
            try
            {
                version = await PostgresSchema.MigrateAsync(_dataSource, _s).ConfigureAwait(false);
            }
            catch (NpgsqlException ex)
            {
                throw new TaskHubStorageException($"The task hub database cannot be opened or migrated (schema '{_s}': {ex.Message})", ex);
            }
            _writer = new PgWriter(_dataSource, _options.WriterConnections, _options.MaxWritesPerCommit, NotifyChannel, _ownerId, OnCommitted);
            StartListening();
            Log.PostgresStarted(_logger, _s, version);
        }
        finally
        {
            _startLock.Release();
        }
    }

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>
    /// Stops handing out work and gives back the claimed work items no dispatcher has taken yet, so
    /// another process (or this one after a restart) gets them without waiting for the leases to end.
    /// </summary>
    public async Task StopAsync(bool isForced)
    {
        _stopping = true;
        _orchestrationsReady.Pulse();
        _activitiesReady.Pulse();
        if (_writer is null)
        {
            return;
        }
        WaitForClaims();
        await ReturnAsync(_sessions.DrainUnhanded(), _activities.DrainUnhanded()).ConfigureAwait(false);
    }

    /// <summary>Gives back every lock still held (a forced stop's unfinished work items too), then closes the connections.</summary>
    public void Dispose()
    {
        _stopping = true;
        _disposed = true;
        if (_writer is not null)
        {
            WaitForClaims();
            ReturnAsync(_sessions.DrainAll(), _activities.DrainAll()).Wait(TimeSpan.FromSeconds(10));
        }
        StopBackgroundAsync().GetAwaiter().GetResult();
        _dataSource.Dispose();
    }

    private async Task StopBackgroundAsync()
    {
        await StopListeningAsync().ConfigureAwait(false);
        var writer = _writer;
        _writer = null;
        if (writer is not null)
        {
            Log.PostgresStopped(_logger, _s, writer.Transactions, writer.Operations);
            writer.Dispose();
        }
    }

    private async Task ReturnAsync(List<PgOrchestrationWorkItem> sessions, List<Sqlite.ClaimedActivity> activities)
    {
        if (sessions.Count == 0 && activities.Count == 0)
        {
            return;
        }
        try
        {
            await Writer.RunAsync(s =>
            {
                foreach (var session in sessions)
                {
                    if (OwnsSession(s, session.InstanceId, session.LockToken))
                    {
                        ReleaseSession(s, session.InstanceId, session.LockToken);
                    }
                }
                foreach (var activity in activities)
                {
                    s.Defer(
                        $"UPDATE {_s}.activities SET lock_token = NULL, available_at = $1, dequeue_count = dequeue_count - 1 WHERE seq = $2 AND lock_token = $3",
                        s.Now, activity.Sequence, activity.LockToken);
                }
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TaskHubStorageException or ObjectDisposedException)
        {
            // The leases end by themselves.
        }
    }

    private void WaitForClaims()
    {
        foreach (var gate in new[] { _sessions.ClaimGate, _activities.ClaimGate })
        {
            if (gate.Wait(TimeSpan.FromSeconds(10)))
            {
                gate.Release();
            }
        }
    }
}
