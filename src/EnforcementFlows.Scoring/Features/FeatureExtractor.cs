using EnforcementFlows.Scoring.Text;

namespace EnforcementFlows.Scoring.Features;

/// <summary>
/// Turns one message into hashed, scaled features. Training and scoring both go through
/// this class, so they can never disagree about tokenisation. Not thread-safe: keep one
/// per thread (it owns large reusable buffers).
/// </summary>
internal sealed partial class FeatureExtractor : ITextSink
{
    private readonly FeatureConfig _config;
    private readonly MimeMessageReader _reader = new();
    private readonly (string Field, FeatureNamespace Namespace)[] _headerNamespaces;
    private char[] _word;
    private char[] _previousWord;
    private int _previousLength;
    private uint _previousHash;

    public FeatureExtractor(FeatureConfig config, bool keepNames)
    {
        config.Validate();
        _config = config;
        Features = new FeatureAccumulator(config.Width, keepNames);
        _headerNamespaces = config.TokenizedHeaders
            .Select(h => h.ToLowerInvariant())
            .Select(h => (h, new FeatureNamespace(h)))
            .ToArray();
        _word = new char[config.MaxWordLength];
        _previousWord = new char[config.MaxWordLength];
    }

    public FeatureAccumulator Features { get; }

    /// <summary>Reads <paramref name="text"/> into <see cref="Features"/> (scaled, ready to dot).</summary>
    public void Extract(string text) => Extract(text, Features.KeepNames);

    /// <summary>
    /// Like <see cref="Extract(string)"/>, recording token names for explanations only when
    /// <paramref name="keepNames"/> (the setting stays for later calls).
    /// </summary>
    public void Extract(string text, bool keepNames)
    {
        Features.Reset();
        Features.KeepNames = keepNames;
        _reader.Read(text, this);
        Features.Scale();
    }

    public SparseVector ToSparseVector(string text)
    {
        Extract(text);
        return Features.ToSparseVector();
    }

    void ITextSink.Body(ReadOnlySpan<char> text) => Tokenize(text, FeatureNamespace.Body, _config.WordBigrams);

    void ITextSink.Header(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        Span<char> lower = stackalloc char[name.Length];
        name.ToLowerInvariant(lower);
        if (_config.HeaderPresence) AddToken(FeatureNamespace.HeaderPresent, lower);
        foreach (var (field, ns) in _headerNamespaces)
        {
            if (!lower.SequenceEqual(field)) continue;
            bool bigrams = _config.WordBigrams && field == "subject";
            Tokenize(value, ns, bigrams);
            return;
        }
    }

    bool ITextSink.ReadsHeaderValue(string name)
    {
        foreach (var (field, _) in _headerNamespaces)
            if (name.Equals(field, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    void ITextSink.Marker(string kind, ReadOnlySpan<char> value)
    {
        Span<char> lower = stackalloc char[Math.Min(value.Length, 64)];
        value[..lower.Length].ToLowerInvariant(lower);
        uint hash = FeatureHash.Continue(FeatureHash.Continue(FeatureHash.Seed(kind), ":"), lower);
        Features.Add(FeatureHash.Finish(hash), kind, lower);
    }

    private void AddToken(FeatureNamespace ns, ReadOnlySpan<char> token) =>
        Features.Add(FeatureHash.Finish(FeatureHash.Continue(ns.Seed, token)), ns.Name, token);
}
