using EnforcementFlows.TaskHub.Sqlite;
using Npgsql;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// Wake-ups across processes: a writer transaction that made work visible sends one NOTIFY with its
/// COMMIT (payload: the sending process and what became ready), and every process LISTENs on its own
/// connection and pulses its waiters. It ignores its own (it pulsed them already). Best effort: a lost
/// notification (the listener reconnecting after a server restart) costs one poll interval.
/// </summary>
public sealed partial class PostgresOrchestrationService
{
    private CancellationTokenSource? _listening;
    private Task? _listener;

    private string NotifyChannel => _s + "_taskhub";

    private void StartListening()
    {
        _listening = new CancellationTokenSource();
        _listener = Task.Run(() => ListenAsync(_listening.Token));
    }

    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }
                // Work committed while nobody listened would otherwise wait for the next poll.
                OnCommitted(WakeUps.Orchestrations | WakeUps.Activities | WakeUps.InstanceChanged);
                while (true)
                {
                    await connection.WaitAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or System.IO.IOException)
            {
                Log.ListenerLost(_logger, _s, ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || payload.AsSpan(0, colon).SequenceEqual(_ownerId))
        {
            return;
        }
        if (int.TryParse(payload.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var flags))
        {
            OnCommitted((WakeUps)flags);
        }
    }

    private async Task StopListeningAsync()
    {
        if (_listening is null)
        {
            return;
        }
        await _listening.CancelAsync().ConfigureAwait(false);
        try
        {
            await _listener!.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _listening.Dispose();
        _listening = null;
    }
}
