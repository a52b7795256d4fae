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

    // The linear fast path's parameters, read out of the ML.NET model; null for a tree
    // model, which scores through ML.NET's PredictionEngine.
    private readonly ScoringModel? _model;
    private readonly MlNet.MlNetModel _mlnet;
    // One extractor per thread, remembered with the scorer it belongs to. A [ThreadStatic]
    // slot is cheaper than ThreadLocal<T> on this hot path; a thread that alternates between
    // scorers just rebuilds its extractor.
    [ThreadStatic] private static (TextScorer Owner, FeatureExtractor Extractor)? t_extractor;

    internal TextScorer(MlNet.MlNetModel model, string contentHash)
    {
        _mlnet = model;
        _model = model.ToScoringModel();
        Features = model.Features;
        Metadata = model.Metadata;
        Threshold = model.Threshold;
        ContentHash = contentHash;
        ModelVersion = $"{model.Metadata.SemanticVersion}+{contentHash[..12]}";
        if (_model is null) _engines = new(CreateEngine, trackAllValues: false);
    }

    /// <summary>Semantic version and short content hash of the loaded model file.</summary>
    public string ModelVersion { get; }

    /// <summary>Full SHA-256 of the model file content, hex.</summary>
    public string ContentHash { get; }

    public double Threshold { get; }

    public ModelMetadata Metadata { get; }

    public FeatureConfig Features { get; }

    /// <summary>The linear parameters the fast path scores with; null for a tree model.</summary>
    internal ScoringModel? Model => _model;

    /// <summary>The ML.NET model behind this scorer.</summary>
    internal MlNet.MlNetModel MlNetModel => _mlnet;

    public ScoreResult Score(string text) => Score(text, DefaultExplanationCount);

    public ScoreResult Score(string text, int explanationCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(explanationCount);
        var extractor = Extractor();
        extractor.Extract(text, keepNames: true);
        var features = extractor.Features;
        if (_model is null)
        {
            double engineProbability = EngineProbability(features);
            return new ScoreResult(engineProbability, engineProbability >= Threshold, Threshold, ModelVersion, [], []);
        }
        double probability = _model.Calibration.Probability(_model.Margin(features));
        var (positive, negative) = Explain(_model, features, explanationCount);
        return new ScoreResult(probability, probability >= _model.Threshold, _model.Threshold, ModelVersion, positive, negative);
    }

    /// <summary>Probability only, without explanations (the cheapest path, for bulk scoring).</summary>
    public double Probability(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var extractor = Extractor();
        extractor.Extract(text, keepNames: false); // no explanations, so no token names
        return _model is null ? EngineProbability(extractor.Features) : _model.Calibration.Probability(_model.Margin(extractor.Features));
    }

    private FeatureExtractor Extractor()
    {
        if (t_extractor is { } cached && ReferenceEquals(cached.Owner, this)) return cached.Extractor;
        var extractor = new FeatureExtractor(Features, keepNames: true);
        t_extractor = (this, extractor);
        return extractor;
    }
}
