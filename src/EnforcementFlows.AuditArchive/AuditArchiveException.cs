namespace EnforcementFlows.AuditArchive;

/// <summary>The archive cannot proceed without overwriting or accepting something that does not match: an operator must look.</summary>
public sealed class AuditArchiveException : Exception
{
    public AuditArchiveException()
    {
    }

    public AuditArchiveException(string message)
        : base(message)
    {
    }

    public AuditArchiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
