namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>Stopping and disposing: claimed work is given back so a restart does not wait for leases.</summary>
public sealed partial class SqliteOrchestrationService
{
    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>
    /// Stops handing out work and gives back the claimed work items no dispatcher has taken yet, so
    /// another worker (or this one after a restart) gets them without waiting for the leases to end.
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
        var sessions = _sessions.DrainUnhanded();
        var activities = _activities.DrainUnhanded();
        if (sessions.Count > 0 || activities.Count > 0)
        {
            try
            {
                await Writer.RunAsync(context => ReturnUnhanded(context, sessions, activities)).ConfigureAwait(false);
            }
            catch (TaskHubStorageException)
            {
                // The leases end by themselves.
            }
        }
    }

    /// <summary>
    /// Closes the file. Locks this service still holds (work items a forced stop left unfinished) are
    /// given back first, so the next start does not wait for their leases; a completion arriving after
    /// this fails and writes nothing, and the work is redone.
    /// </summary>
    public void Dispose()
    {
        _stopping = true;
        _disposed = true;
        if (_writer is { } writer)
        {
            // A claim under way commits before the release below (the writer runs in order) and its
            // items reach the buffers first: wait for it so they are released too.
            WaitForClaims();
            var sessions = _sessions.DrainAll();
            var activities = _activities.DrainAll();
            if (sessions.Count > 0 || activities.Count > 0)
            {
                try
                {
                    writer.RunAsync(context => ReturnUnhanded(context, sessions, activities)).Wait(TimeSpan.FromSeconds(10));
                }
                catch (AggregateException)
                {
                    // The leases end by themselves.
                }
            }
        }
        CloseWriter();
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
