namespace EnforcementFlows.AuditArchive;

public enum DiscrepancyKind
{
    /// <summary>A sealed record's database row no longer matches the archived record.</summary>
    RecordAltered,

    /// <summary>A sealed record is missing from the database.</summary>
    RecordDeleted,

    /// <summary>A manifest entry names a segment blob that does not exist.</summary>
    SegmentMissing,

    /// <summary>A segment blob does not match its manifest entry or its own hashes.</summary>
    SegmentAltered,

    /// <summary>Manifest entries missing, out of order, unreadable, or not linked by hash.</summary>
    ManifestChainBroken,

    /// <summary>The records not yet archived do not continue the archived chain.</summary>
    DatabaseChainBroken,
}

public sealed record ArchiveDiscrepancy(DiscrepancyKind Kind, string Message)
{
    public override string ToString() => $"{Kind}: {Message}";
}

/// <summary>
/// The result of checking the database against the archive. <see cref="Discrepancies"/> holds at most
/// <see cref="AuditArchiveVerifier.MaxReported"/> entries; <see cref="DiscrepancyCount"/> counts them all.
/// </summary>
public sealed record ArchiveVerification(
    IReadOnlyList<ArchiveDiscrepancy> Discrepancies,
    long DiscrepancyCount,
    int Segments,
    long ArchivedRecords,
    long UnarchivedRecords,
    IReadOnlyList<string> Notes)
{
    public bool Ok => DiscrepancyCount == 0;
}
