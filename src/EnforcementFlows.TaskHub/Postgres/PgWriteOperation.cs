namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>One queued write: the work, and the caller's task answered after the commit.</summary>
internal abstract class PgWriteOperation
{
    public Exception? Error { get; set; }

    public abstract void Run(PgSession session);

    public abstract void Finish();
}

internal sealed class PgWriteOperation<T>(Func<PgSession, T> work) : PgWriteOperation
{
    private T? _result;

    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Run(PgSession session) => _result = work(session);

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
}
