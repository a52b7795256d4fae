using System.Diagnostics.CodeAnalysis;

namespace EnforcementFlows.Enforcement.Signals;

/// <summary>The snake_case wire names of <see cref="SignalCategory"/>; the only accepted spellings.</summary>
public static class SignalCategoryNames
{
    private static readonly Dictionary<SignalCategory, string> ToWire = new()
    {
        [SignalCategory.Spam] = "spam",
        [SignalCategory.ScamFraud] = "scam_fraud",
        [SignalCategory.Harassment] = "harassment",
        [SignalCategory.Hate] = "hate",
        [SignalCategory.ViolentThreat] = "violent_threat",
        [SignalCategory.SexualContent] = "sexual_content",
        [SignalCategory.ChildSafety] = "child_safety",
        [SignalCategory.SelfHarm] = "self_harm",
        [SignalCategory.Impersonation] = "impersonation",
        [SignalCategory.Malware] = "malware",
        [SignalCategory.PolicyEvasion] = "policy_evasion",
        [SignalCategory.Other] = "other",
    };

    private static readonly Dictionary<string, SignalCategory> FromWire =
        ToWire.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => FromWire.Keys;

    public static string ToWireName(this SignalCategory category) => ToWire[category];

    // Ordinal and case-sensitive on purpose: "Spam" on the wire is a client bug worth surfacing.
    public static bool TryParse(string? wireName, [NotNullWhen(true)] out SignalCategory? category)
    {
        if (wireName is not null && FromWire.TryGetValue(wireName, out var found))
        {
            category = found;
            return true;
        }

        category = null;
        return false;
    }
}
