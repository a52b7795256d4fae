namespace EnforcementFlows.TaskHub;

/// <summary>The task hub's database refused a write (read-only file, full disk, I/O error); nothing of the failed transaction was kept.</summary>
public sealed class TaskHubStorageException(string message, Exception? innerException) : Exception(message, innerException);

/// <summary>A work item's lock was lost (its lease expired and another worker took it); the work item's result was not applied.</summary>
public sealed class TaskHubLeaseLostException(string message) : Exception(message);
