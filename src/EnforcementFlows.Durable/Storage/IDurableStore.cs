namespace EnforcementFlows.Durable.Storage;

/// <summary>
/// Durable state of the runtime: instances, their history, inboxes and activity queue.
/// Every method is atomic. Implementations: <see cref="Sqlite.SqliteDurableStore"/>; PostgresDurableStore (EnforcementFlows.Durable.Postgres).
/// </summary>
public interface IDurableStore : IAsyncDisposable
{
    /// <summary>Raised in-process after a commit that made work visible now, so local workers wake at once.</summary>
    event Action? WorkEnqueued;

    /// <summary>Raised in-process after a commit that finished an instance.</summary>
    event Action<string>? InstanceFinished;

    Task InitializeAsync(CancellationToken cancellation);

    // ---- client side ----
    Task<StartOutcome> StartAsync(NewInstance instance, CancellationToken cancellation);
    Task<StartOutcome> SignalWithStartAsync(NewInstance instance, EventRaised signal, CancellationToken cancellation);

    /// <summary>Delivers an event or a control message (terminate, suspend, resume) to an existing instance.</summary>
    Task SendAsync(string instanceId, HistoryEvent message, CancellationToken cancellation);

    Task<InstanceMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellation);
    Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellation);
    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellation);

    /// <summary>Deletes a finished instance and everything it owns. False when it does not exist.</summary>
    Task<bool> PurgeAsync(string instanceId, CancellationToken cancellation);
    Task<int> PurgeFinishedBeforeAsync(DateTimeOffset cutoff, int maxCount, CancellationToken cancellation);

    // ---- worker side ----
    Task<IReadOnlyList<OrchestrationWorkItem>> ClaimOrchestrationsAsync(string workerId, int max, TimeSpan lease, CancellationToken cancellation);

    /// <summary>Commits turns, each atomically; the result says per turn whether it committed (false: lease lost).</summary>
    Task<IReadOnlyList<bool>> CommitOrchestrationsAsync(string workerId, IReadOnlyList<OrchestrationTurn> turns, CancellationToken cancellation);

    Task AbandonOrchestrationsAsync(string workerId, IReadOnlyList<string> instanceIds, CancellationToken cancellation);

    Task<IReadOnlyList<ActivityWorkItem>> ClaimActivitiesAsync(string workerId, int max, TimeSpan lease, CancellationToken cancellation);

    /// <summary>Records results, each atomically; false where the lease was lost (another worker owns the task).</summary>
    Task<IReadOnlyList<bool>> CompleteActivitiesAsync(string workerId, IReadOnlyList<ActivityResult> results, CancellationToken cancellation);

    Task RenewActivityLeasesAsync(string workerId, IReadOnlyList<long> activityIds, TimeSpan lease, CancellationToken cancellation);

    /// <summary>The earliest future moment at which work becomes visible (a timer, a lease expiry), if any.</summary>
    Task<DateTimeOffset?> GetNextWakeUpAsync(CancellationToken cancellation);
}
