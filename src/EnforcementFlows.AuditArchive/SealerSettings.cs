namespace EnforcementFlows.AuditArchive;

/// <summary>When a segment is sealed: once it has <see cref="SegmentMaxRecords"/> records, or once its oldest record is <see cref="SegmentMaxAge"/> old.</summary>
public sealed record SealerSettings(int SegmentMaxRecords, TimeSpan SegmentMaxAge)
{
    public static SealerSettings Default { get; } = new(10_000, TimeSpan.FromHours(1));
}

/// <summary>What one sealing run did. <see cref="ArchivedRecords"/> is how many records the archive holds afterwards.</summary>
public sealed record SealResult(int SegmentsSealed, int SegmentsResumed, long ArchivedRecords);
