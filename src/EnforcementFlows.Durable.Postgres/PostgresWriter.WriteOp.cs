namespace EnforcementFlows.Durable.Storage.Postgres;

internal sealed partial class PostgresWriter
{
    /// <summary>A queued write: the work, its caller's completion, and its own error (set when only it failed).</summary>
    private abstract class WriteOp(CancellationToken cancellation)
    {
        public CancellationToken Cancellation { get; } = cancellation;
        public Exception? Error { get; set; }
        public abstract void Run(PostgresSession session);
        public abstract void Finish();
        public abstract void Cancel();
    }

    private sealed class WriteOp<T>(Func<PostgresSession, T> work, CancellationToken cancellation) : WriteOp(cancellation)
    {
        private T? _result;
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Run(PostgresSession session) => _result = work(session);
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
}
