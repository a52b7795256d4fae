using System.Collections.Concurrent;
using System.Net;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// Several service processes on one PostgreSQL database, each with a data directory of its own,
/// that fault tests kill (SIGKILL) and restart; requests go to a random live worker and are
/// retried elsewhere when a worker is gone or answers 503.
/// </summary>
public sealed class WorkerPool : IAsyncDisposable
{
    private readonly AppProcess?[] _workers;
    private readonly string[] _dataDirectories;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _deadOutput = new();
    private readonly Lock _gate = new();
    private int _kills;
    private int _restarts;

    private WorkerPool(string root, int count, IReadOnlyDictionary<string, string> settings)
    {
        _workers = new AppProcess?[count];
        _dataDirectories = Enumerable.Range(0, count).Select(i => Path.Combine(root, $"worker-{i}")).ToArray();
        _settings = settings;
    }

    /// <summary>Shared by all requests: absolute URLs, no connection reuse after a worker dies.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30), ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public int Kills => Volatile.Read(ref _kills);

    public int Restarts => Volatile.Read(ref _restarts);

    public int Count => _workers.Length;

    public static async Task<WorkerPool> StartAsync(string root, int count, IReadOnlyDictionary<string, string> settings)
    {
        var pool = new WorkerPool(root, count, settings);
        try
        {
            // One first, so the schema migrations run once without every process waiting on the lock.
            pool._workers[0] = await AppProcess.StartAsync(pool._dataDirectories[0], settings);
            var rest = await Task.WhenAll(Enumerable.Range(1, count - 1).Select(i => AppProcess.StartAsync(pool._dataDirectories[i], settings)));
            for (var i = 1; i < count; i++)
            {
                pool._workers[i] = rest[i - 1];
            }
            return pool;
        }
        catch
        {
            await pool.DisposeAsync();
            throw;
        }
    }

    /// <summary>A live worker chosen at random, or null while none is up.</summary>
    public AppProcess? Pick()
    {
        lock (_gate)
        {
            var live = _workers.Where(w => w is { HasExited: false }).ToList();
            return live.Count == 0 ? null : live[Random.Shared.Next(live.Count)];
        }
    }

    public int Live
    {
        get
        {
            lock (_gate)
            {
                return _workers.Count(w => w is { HasExited: false });
            }
        }
    }

    /// <summary>SIGKILLs a random live worker, as long as another one stays up; returns its index, or -1.</summary>
    public int KillRandom()
    {
        AppProcess victim;
        int index;
        lock (_gate)
        {
            var live = Enumerable.Range(0, _workers.Length).Where(i => _workers[i] is { HasExited: false }).ToList();
            if (live.Count < 2)
            {
                return -1;
            }
            index = live[Random.Shared.Next(live.Count)];
            victim = _workers[index]!;
            _workers[index] = null;
        }
        victim.Kill();
        Interlocked.Increment(ref _kills);
        _deadOutput.Enqueue($"--- worker {index} (killed) ---{Environment.NewLine}{Tail(victim.OutputTail, 20)}");
        victim.Dispose();
        return index;
    }

    /// <summary>Starts worker <paramref name="index"/> again on its data directory (a new port), retrying a failed start.</summary>
    public async Task RestartAsync(int index, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var started = await AppProcess.StartAsync(_dataDirectories[index], _settings);
                lock (_gate)
                {
                    _workers[index] = started;
                }
                Interlocked.Increment(ref _restarts);
                return;
            }
            catch (Exception ex) when (attempt < 3 && !cancellation.IsCancellationRequested && ex is InvalidOperationException or TimeoutException)
            {
                _deadOutput.Enqueue($"--- worker {index} restart attempt {attempt} failed: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// Sends until a worker acknowledges with 202: connection errors, timeouts and 503 (a worker being killed,
    /// or the database away) are retried on a random live worker with the same request (same webhook-id).
    /// Any other status fails. Returns the number of retries it took.
    /// </summary>
    public async Task<int> SendUntilAcceptedAsync(Func<string, HttpRequestMessage> request, TimeSpan patience, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + patience;
        for (var retries = 0; ; retries++)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no worker accepted the request within {patience.TotalSeconds:0} s ({retries} attempts)");
            }
            var worker = Pick();
            if (worker is null)
            {
                await Task.Delay(100, cancellation);
                continue;
            }
            try
            {
                using var message = request(worker.BaseUrl);
                using var response = await Http.SendAsync(message, cancellation);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return retries;
                }
                if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                {
                    await Task.Delay(100 + Random.Shared.Next(200), cancellation);
                    continue;
                }
                // The body only names a trace id: the workers' output says what failed.
                throw new InvalidOperationException($"unexpected {(int)response.StatusCode} from {worker.BaseUrl}: " +
                    $"{await response.Content.ReadAsStringAsync(cancellation)}{Environment.NewLine}{OutputTails()}");
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException or IOException)
            {
                await Task.Delay(50 + Random.Shared.Next(100), cancellation);
            }
        }
    }

    /// <summary>What the workers (live and killed) last wrote, for failure messages.</summary>
    public string OutputTails()
    {
        lock (_gate)
        {
            var live = Enumerable.Range(0, _workers.Length)
                .Where(i => _workers[i] is not null)
                .Select(i => $"--- worker {i} ---{Environment.NewLine}{Tail(_workers[i]!.OutputTail, 30)}");
            return string.Join(Environment.NewLine, _deadOutput.TakeLast(10).Concat(live));
        }
    }

    private static string Tail(string text, int lines) => string.Join(Environment.NewLine, text.Split(Environment.NewLine).TakeLast(lines));

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var worker in _workers)
            {
                worker?.Dispose();
            }
            Array.Clear(_workers);
        }
        Http.Dispose();
        return ValueTask.CompletedTask;
    }
}
