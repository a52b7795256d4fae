using Npgsql;

namespace EnforcementFlows.Durable.Storage.Postgres;

/// <summary>
/// Wake-ups across processes: a writer whose transaction made work visible sends one NOTIFY on
/// COMMIT (not one per row), and every store LISTENs and raises <see cref="WorkEnqueued"/>.
/// The payload names the sending store, so a store ignores its own (it woke its workers already).
/// Best effort: a lost notification (listener reconnecting) costs one poll interval.
/// </summary>
public sealed partial class PostgresDurableStore
{
    private CancellationTokenSource? _listening;
    private Task? _listener;

    private readonly string _storeId = Guid.NewGuid().ToString("N");

    /// <summary>Schema names are plain identifiers and the payload is hex, so nothing needs quoting.</summary>
    private string NotifyStatement => $"NOTIFY {NotifyChannel}, '{_storeId}'";

    private string NotifyChannel => _options.Schema + "_work";

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
                await using var connection = await _dataSource.OpenConnectionAsync(stopping);
                connection.Notification += (_, e) =>
                {
                    if (e.Payload != _storeId)
                    {
                        WorkEnqueued?.Invoke();
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping);
                }
                // Work committed while we were not listening would otherwise wait for the next poll.
                WorkEnqueued?.Invoke();
                while (true)
                {
                    await connection.WaitAsync(stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Server restart, network trouble: listen again shortly; polling covers the gap.
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task StopListeningAsync()
    {
        if (_listening is null)
        {
            return;
        }
        await _listening.CancelAsync();
        try
        {
            await _listener!;
        }
        catch (OperationCanceledException)
        {
        }
        _listening.Dispose();
        _listening = null;
    }
}
