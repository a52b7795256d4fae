using DurableTask.Core;
using DurableTask.Core.Query;
using EnforcementFlows.TaskHub.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// A Durable Task Framework task hub in PostgreSQL: the orchestration service a <see cref="TaskHubWorker"/>
/// runs on, and the client a <see cref="TaskHubClient"/> (or a DurableTaskClient adapter) starts, queries and
/// purges instances through. Any number of processes share one schema: work items are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> and locked by leases in the tables, which expire when a process dies; commits
/// wake other processes with NOTIFY, polling is the fallback. See docs/task-hub.md.
/// </summary>
public sealed partial class PostgresOrchestrationService :
    IOrchestrationService,
    IOrchestrationServiceClient,
    IOrchestrationServiceQueryClient,
    IOrchestrationServicePurgeClient,
    IDisposable
{
    private readonly PostgresTaskHubOptions _options;
    private readonly ILogger _logger;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _s;
    private readonly string _ownerId = Guid.NewGuid().ToString("N")[..12];
    private readonly AsyncPulse _orchestrationsReady = new();
    private readonly AsyncPulse _activitiesReady = new();
    private readonly AsyncPulse _instanceChanged = new();
    private readonly ClaimBuffer<PgOrchestrationWorkItem> _sessions = new(w => w.Key);
    private readonly ClaimBuffer<ClaimedActivity> _activities = new(c => c.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private PgWriter? _writer;
    private long _claimCounter;
    private volatile bool _stopping;
    private volatile bool _disposed;

    public PostgresOrchestrationService(PostgresTaskHubOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("EnforcementFlows.TaskHub");
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            // The same few statements all day: prepared once per connection, not parsed on every turn.
            builder.MaxAutoPrepare = 64;
        }
        // Claims and reads leave no session state behind (SET LOCAL ends with its transaction): skip the reset.
        builder.NoResetOnClose = true;
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _s = options.Schema;
    }

    public string Schema => _s;

    /// <summary>Transactions and writes committed so far by this process (their ratio is the group-commit factor).</summary>
    public (long Transactions, long Writes) CommitCounts => _writer is { } w ? (w.Transactions, w.Operations) : (0, 0);

    public int TaskOrchestrationDispatcherCount => _options.DispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => _options.MaxConcurrentOrchestrations;

    public int TaskActivityDispatcherCount => _options.DispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => _options.MaxConcurrentActivities;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    // A turn is one transaction of a few statements: no provider limit to split on.
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => exception is TaskHubLeaseLostException ? 0 : 1;

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => exception is TaskHubStorageException or NpgsqlException ? 2 : 1;

    private PgWriter Writer => _writer ?? throw new InvalidOperationException("The PostgreSQL task hub is not started: call CreateIfNotExistsAsync or StartAsync first");

    private string LockToken() => $"{_ownerId}:{Interlocked.Increment(ref _claimCounter)}";

    private static long Ticks(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime().Ticks : time.Ticks;

    private static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);

    private static bool IsTerminal(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    private static TimeSpan Min(TimeSpan a, TimeSpan b, TimeSpan c) => a < b ? (a < c ? a : c) : (b < c ? b : c);

    private void OnCommitted(WakeUps wakeUps)
    {
        if (wakeUps.HasFlag(WakeUps.Orchestrations))
        {
            _orchestrationsReady.Pulse();
        }
        if (wakeUps.HasFlag(WakeUps.Activities))
        {
            _activitiesReady.Pulse();
        }
        if (wakeUps.HasFlag(WakeUps.InstanceChanged))
        {
            _instanceChanged.Pulse();
        }
    }

    /// <summary>A read on a pooled connection, with storage failures reported as <see cref="TaskHubStorageException"/>.</summary>
    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read)
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
            return await read(connection).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            if (ex is not PostgresException)
            {
                // The connection broke (a server restart): every pooled one is likely dead too.
                _dataSource.Clear();
            }
            throw new TaskHubStorageException($"The task hub database could not be read ({ex.Message})", ex);
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] args)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(arg is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } : new NpgsqlParameter { Value = arg });
        }
        return command;
    }
}
