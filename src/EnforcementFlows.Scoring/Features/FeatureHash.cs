namespace EnforcementFlows.Scoring.Features;

/// <summary>
/// Stable 32-bit hashing of token text (FNV-1a over UTF-16 code units, then a murmur-style
/// finaliser). Stable across processes and platforms, unlike string.GetHashCode, because
/// the weights in a model file are addressed by these values.
/// </summary>
internal static class FeatureHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Seed(string featureNamespace) => Continue(OffsetBasis, featureNamespace);

    public static uint Continue(uint state, ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            state ^= c;
            state *= Prime;
        }
        return state;
    }

    public static uint Step(uint state, char c) => (state ^ c) * Prime;

    /// <summary>Combines two token hashes into an (order-sensitive) bigram hash.</summary>
    public static uint Pair(uint first, uint second) => Finish(first * 0x9E3779B1u + second);

    public static uint Finish(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }
}
