using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring;

/// <summary>
/// Scores text with a trained model. Thread-safe: the model is immutable and each thread
/// gets its own feature buffers. Load once and share.
/// </summary>
public sealed partial class TextScorer
{
    /// <summary>Contributions listed per direction unless the caller asks otherwise.</summary>
    public const int DefaultExplanationCount = 5;

    private readonly ScoringModel _model;
    // One extractor per thread, remembered with the scorer it belongs to. A [ThreadStatic]
    // slot is cheaper than ThreadLocal<T> on this hot path; a thread that alternates between
    // scorers just rebuilds its extractor.
    [ThreadStatic] private static (TextScorer Owner, FeatureExtractor Extractor)? t_extractor;

    internal TextScorer(ScoringModel model, string contentHash)
    {
        _model = model;
        ContentHash = contentHash;
        ModelVersion = $"{model.Metadata.SemanticVersion}+{contentHash[..12]}";
    }

    /// <summary>Semantic version and short content hash of the loaded model file.</summary>
    public string ModelVersion { get; }

    /// <summary>Full SHA-256 of the model file content, hex.</summary>
    public string ContentHash { get; }

    public double Threshold => _model.Threshold;

    public ModelMetadata Metadata => _model.Metadata;

    public FeatureConfig Features => _model.Features;

    internal ScoringModel Model => _model;

    public ScoreResult Score(string text) => Score(text, DefaultExplanationCount);

    public ScoreResult Score(string text, int explanationCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(explanationCount);
        var extractor = Extractor();
        extractor.Extract(text);
        var features = extractor.Features;
        double probability = _model.Calibration.Probability(_model.Margin(features));
        var (positive, negative) = Explain(features, explanationCount);
        return new ScoreResult(probability, probability >= _model.Threshold, _model.Threshold, ModelVersion, positive, negative);
    }

    /// <summary>Probability only, without explanations (the cheapest path, for bulk scoring).</summary>
    public double Probability(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var extractor = Extractor();
        extractor.Extract(text);
        return _model.Calibration.Probability(_model.Margin(extractor.Features));
    }

    private FeatureExtractor Extractor()
    {
        if (t_extractor is { } cached && ReferenceEquals(cached.Owner, this)) return cached.Extractor;
        var extractor = new FeatureExtractor(_model.Features, keepNames: true);
        t_extractor = (this, extractor);
        return extractor;
    }
}
