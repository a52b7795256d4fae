namespace EnforcementFlows.AuditArchive.Blob;

/// <summary>What <see cref="ArchiveContainer.CreateAsync"/> found.</summary>
public enum BlobCreateOutcome
{
    /// <summary>The blob did not exist and now holds our content.</summary>
    Created,

    /// <summary>The blob already existed with exactly our content (an earlier attempt wrote it): treat as done.</summary>
    AlreadyIdentical,

    /// <summary>The blob already exists with other content. It was not touched.</summary>
    ExistsWithOtherContent,
}

public sealed record BlobCreateResult(BlobCreateOutcome Outcome, byte[]? ExistingContent);

/// <summary>
/// What <see cref="ArchiveContainer.PrepareAsync"/> found: whether it created the container, and which immutability
/// guarantees the container offers. <see cref="VersionLevelImmutability"/> is the container's "version-level
/// immutability support" (Azure only; Azurite has none); <see cref="ContainerPolicy"/> and <see cref="LegalHold"/>
/// are the container-wide time-based policy and legal hold (bicep/modules/storage.bicep sets the policy).
/// <see cref="PoliciesApplied"/>: each new blob gets its own policy. <see cref="Checked"/> is false when the
/// credentials may not read the container's properties (a container SAS): then nothing is known and nothing is applied.
/// </summary>
public sealed record ArchiveReadiness(bool ContainerCreated, bool VersionLevelImmutability, bool ContainerPolicy, bool LegalHold, bool PoliciesApplied, bool Checked);
