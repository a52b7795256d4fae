namespace EnforcementFlows.Durable;

/// <summary>A failure as recorded in history: enough to understand it without the process that had it.</summary>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, TaskFailureDetails? InnerFailure = null)
{
    public static TaskFailureDetails FromException(Exception ex)
    {
        // Orchestrator-visible failures of a call are unwrapped so the root cause is what gets recorded.
        var inner = ex.InnerException is null ? null : FromException(ex.InnerException);
        return ex is TaskFailedException tfe
            ? tfe.FailureDetails with { }
            : new TaskFailureDetails(ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex.StackTrace, inner);
    }

    public bool IsCausedBy<T>() where T : Exception
        => ErrorType == typeof(T).FullName || (InnerFailure?.IsCausedBy<T>() ?? false);

    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
