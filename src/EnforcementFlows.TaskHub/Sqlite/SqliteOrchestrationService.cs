using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// A Durable Task Framework task hub in one SQLite file: the orchestration service a
/// <see cref="TaskHubWorker"/> runs on, and the client a <see cref="TaskHubClient"/> (or a
/// DurableTaskClient adapter) starts, queries and purges instances through. One process owns the file;
/// every write goes through one group-committing writer; work items are leased (lock-until timestamps)
/// so the work of a process that died is taken over when its leases expire. See docs/task-hub.md.
/// </summary>
public sealed partial class SqliteOrchestrationService :
    IOrchestrationService,
    IOrchestrationServiceClient,
    IOrchestrationServiceQueryClient,
    IOrchestrationServicePurgeClient,
    IDisposable
{
    private readonly SqliteTaskHubOptions _options;
    private FileStream? _ownerLock;
    private readonly ILogger _logger;
    private readonly string _readConnectionString;
    private readonly string _writeConnectionString;
    private readonly string _ownerId = Guid.NewGuid().ToString("N")[..12];
    private readonly AsyncPulse _orchestrationsReady = new();
    private readonly AsyncPulse _activitiesReady = new();
    private readonly AsyncPulse _instanceChanged = new();
    private readonly ClaimBuffer<ClaimedSession> _sessions = new(c => c.InstanceId + "/" + c.LockToken);
    private readonly ClaimBuffer<ClaimedActivity> _activities = new(c => c.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
    private readonly object _startLock = new();
    private readonly ReadSessionPool _readers;
    private TaskHubWriter? _writer;
    private WalCheckpointer? _checkpointer;
    private long _claimCounter;
    private volatile bool _stopping;
    private volatile bool _disposed;

    public SqliteOrchestrationService(SqliteTaskHubOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("EnforcementFlows.TaskHub");
        var path = Path.GetFullPath(options.DatabasePath);
        _writeConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = true }.ToString();
        DatabasePath = path;
        _readers = new ReadSessionPool(_readConnectionString);
    }

    public string DatabasePath { get; }

    /// <summary>Transactions and writes committed so far (their ratio is the group-commit factor).</summary>
    public (long Transactions, long Writes) CommitCounts => _writer is { } w ? (w.Transactions, w.Operations) : (0, 0);

    /// <summary>Time the writer thread was busy, and the part of it spent in COMMIT.</summary>
    public (TimeSpan Busy, TimeSpan Commit) WriterTime => _writer is { } w ? (w.BusyTime, w.CommitTime) : (TimeSpan.Zero, TimeSpan.Zero);

    public int TaskOrchestrationDispatcherCount => _options.DispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => _options.MaxConcurrentOrchestrations;

    public int TaskActivityDispatcherCount => _options.DispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => _options.MaxConcurrentActivities;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    // Everything of a turn is stored in one transaction of one file: no provider limit to split on.
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => exception is TaskHubLeaseLostException ? 0 : 1;

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => exception is TaskHubStorageException ? 5 : 1;

    private TaskHubWriter Writer => _writer ?? EnsureOpen();

    private long NewClaimToken() => Interlocked.Increment(ref _claimCounter);

    private string LockToken(long claim) => $"{_ownerId}:{claim}";

    private static long Ticks(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime().Ticks : time.Ticks;

    private static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);

    private SqliteConnection OpenReader()
    {
        EnsureOpen();
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    private ReadSession RentReader()
    {
        EnsureOpen();
        return _readers.Rent();
    }

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
}
