namespace EnforcementFlows.AuditArchive.Blob;

/// <summary>Whether each sealed blob gets a version-level immutability policy of its own (on top of the container's).</summary>
public enum VersionImmutability
{
    /// <summary>Set one when the container supports version-level immutability; otherwise say so once and rely on create-only writes and the container's policy.</summary>
    Auto,

    /// <summary>Never set one.</summary>
    Off,

    /// <summary>Refuse to seal into a container without version-level immutability support.</summary>
    Required,
}
