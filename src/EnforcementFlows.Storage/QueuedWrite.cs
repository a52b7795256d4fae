namespace EnforcementFlows.Storage;

/// <summary>
/// A write waiting for a group-committing writer (SQLite, PostgreSQL): the work, its caller's
/// completion, and its own error (set when only this operation failed inside the batch).
/// </summary>
internal abstract class QueuedWrite<TSession>(CancellationToken cancellation)
{
    public CancellationToken Cancellation { get; } = cancellation;
    public Exception? Error { get; set; }
    public abstract void Run(TSession session);

    /// <summary>Answers the caller; called only after the batch's COMMIT (or its failure).</summary>
    public abstract void Finish();

    public abstract void Cancel();
}

internal sealed class QueuedWrite<TSession, T>(Func<TSession, T> work, CancellationToken cancellation) : QueuedWrite<TSession>(cancellation)
{
    private T? _result;

    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Run(TSession session) => _result = work(session);

    public override void Finish()
    {
        if (Error is null)
        {
            Completion.TrySetResult(_result!);
        }
        else
        {
            Completion.TrySetException(Error);
        }
    }

    public override void Cancel() => Completion.TrySetCanceled(Cancellation);
}
