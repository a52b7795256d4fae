namespace EnforcementFlows.Scoring.Features;

/// <summary>
/// How text becomes features. Stored in every model file: scoring must use exactly the
/// configuration the weights were trained with.
/// </summary>
public sealed record FeatureConfig
{
    /// <summary>
    /// Bumped whenever tokenisation changes meaning; older model files are then refused.
    /// Version 2: MimeKit and AngleSharp read the message. Version 1 (our own MIME, charset and
    /// HTML decoding, models up to 2.0.0) was retired with that code: its features cannot be
    /// computed any more.
    /// </summary>
    public const int CurrentTokenizerVersion = 2;

    /// <summary>The versions this build can compute features for.</summary>
    public static bool IsSupported(int tokenizerVersion) => tokenizerVersion == CurrentTokenizerVersion;

    public int TokenizerVersion { get; init; } = CurrentTokenizerVersion;

    /// <summary>Hashing width is 2^HashBits weights.</summary>
    public int HashBits { get; init; } = 18;

    public bool WordBigrams { get; init; } = true;

    /// <summary>Emit a token for every header field name present (e.g. X-Mailer, List-Id).</summary>
    public bool HeaderPresence { get; init; } = true;

    /// <summary>Header fields whose values are tokenised, each in its own namespace.</summary>
    public IReadOnlyList<string> TokenizedHeaders { get; init; } =
        ["subject", "from", "reply-to", "to", "cc", "return-path", "content-type", "x-mailer", "user-agent"];

    /// <summary>Longer words are replaced by a length marker: they are mostly encoded junk.</summary>
    public int MaxWordLength { get; init; } = 30;

    public int Width => 1 << HashBits;

    public void Validate()
    {
        if (HashBits is < 4 or > 26) throw new ArgumentOutOfRangeException(nameof(HashBits), HashBits, "HashBits must be between 4 and 26.");
        if (MaxWordLength is < 2 or > 256) throw new ArgumentOutOfRangeException(nameof(MaxWordLength), MaxWordLength, "MaxWordLength must be between 2 and 256.");
    }
}
