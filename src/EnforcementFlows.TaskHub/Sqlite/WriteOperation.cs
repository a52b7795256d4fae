namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>One queued write: the work, and the caller's task answered after the commit.</summary>
internal abstract class WriteOperation
{
    public Exception? Error { get; set; }

    public abstract void Run(WriteContext context);

    public abstract void Finish();
}

internal sealed class WriteOperation<T>(Func<WriteContext, T> work) : WriteOperation
{
    private T? _result;

    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Run(WriteContext context) => _result = work(context);

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
