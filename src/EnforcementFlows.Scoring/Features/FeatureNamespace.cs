namespace EnforcementFlows.Scoring.Features;

/// <summary>
/// A family of tokens that must not share weights with same-spelled tokens elsewhere:
/// "free" in a subject means more than "free" in a quoted footer.
/// </summary>
internal sealed class FeatureNamespace
{
    public FeatureNamespace(string? name)
    {
        Name = name;
        Seed = FeatureHash.Seed(name ?? "");
    }

    /// <summary>Display prefix in explanations; null for body words.</summary>
    public string? Name { get; }

    public uint Seed { get; }

    public static readonly FeatureNamespace Body = new(null);
    public static readonly FeatureNamespace HeaderPresent = new("header");
    public static readonly FeatureNamespace Url = new("url");
    public static readonly FeatureNamespace Email = new("email");
    public static readonly FeatureNamespace Shape = new("shape");
}
