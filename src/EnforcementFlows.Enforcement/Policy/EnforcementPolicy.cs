using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Statements;

namespace EnforcementFlows.Enforcement.Policy;

/// <summary>A loaded, validated policy. Only <see cref="PolicyLoader"/> creates one, so every instance is complete.</summary>
public sealed class EnforcementPolicy
{
    internal EnforcementPolicy(string versionLabel, string hash, IReadOnlySet<string> protectedTiers, IReadOnlyDictionary<SignalCategory, CategoryPolicy> categories,
        StatementPolicy? statements = null)
    {
        Statements = statements ?? StatementPolicy.Default;
        VersionLabel = versionLabel;
        Hash = hash;
        ProtectedTiers = protectedTiers;
        Categories = categories;
    }

    /// <summary>The author's label, e.g. <c>2026.11-default</c>; informative only.</summary>
    public string VersionLabel { get; }

    /// <summary>SHA-256 (lowercase hex) of the canonical file bytes: the policy's real version id, recorded in every decision.</summary>
    public string Hash { get; }

    /// <summary>Account tiers on which every non-dismiss outcome needs two human approvers.</summary>
    public IReadOnlySet<string> ProtectedTiers { get; }

    /// <summary>One entry for every <see cref="SignalCategory"/>.</summary>
    public IReadOnlyDictionary<SignalCategory, CategoryPolicy> Categories { get; }

    /// <summary>What statements of reasons say beyond the case's facts (the file's optional <c>statements</c> section).</summary>
    public StatementPolicy Statements { get; }
}
