using System.Globalization;
using EnforcementFlows.Scoring.Features;
using EnforcementFlows.Scoring.Text;

namespace EnforcementFlows.Scoring.Evaluation;

/// <summary>
/// Where one message's scoring time goes (`bench --stages`), as CPU microseconds per message
/// on one thread. Each figure is the difference between two nested measurements, so the
/// shares add up to the whole `Probability` call: MimeKit (structure, the header values the
/// model tokenises, transfer and charset decoding), AngleSharp (HTML to visible text),
/// tokenising and hashing, and the linear score with its calibration.
/// </summary>
internal sealed record StageBreakdown(double MimeKit, double AngleSharp, double Tokenising, double Scoring)
{
    public double Total => MimeKit + AngleSharp + Tokenising + Scoring;

    public static StageBreakdown Measure(TextScorer scorer, IReadOnlyList<string> texts, int rounds)
    {
        var sink = new DiscardingSink(scorer.Features);
        var withoutHtml = new MimeMessageReader { ExtractsHtml = false };
        var reader = new MimeMessageReader();
        var extractor = new FeatureExtractor(scorer.Features, keepNames: false); // as Probability extracts
        double mime = MicrosPerMessage(texts, t => withoutHtml.Read(t, sink), rounds);
        double read = MicrosPerMessage(texts, t => reader.Read(t, sink), rounds);
        double features = MicrosPerMessage(texts, extractor.Extract, rounds);
        double whole = MicrosPerMessage(texts, t => scorer.Probability(t), rounds);
        return new StageBreakdown(mime, read - mime, features - read, whole - features);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"MimeKit {MimeKit:F1}, AngleSharp {AngleSharp:F1}, tokenising {Tokenising:F1}, scoring {Scoring:F1}; total {Total:F1} µs per message (CPU time)");

    private static double MicrosPerMessage(IReadOnlyList<string> texts, Action<string> run, int rounds) =>
        1e6 / Throughput.Measure(texts, run, rounds).CpuPerSecond;

    /// <summary>Asks for the header values the model tokenises, as the feature extractor does, and drops everything.</summary>
    private sealed class DiscardingSink(FeatureConfig config) : ITextSink
    {
        public void Header(ReadOnlySpan<char> name, ReadOnlySpan<char> value) { }

        public void Body(ReadOnlySpan<char> text) { }

        public void Marker(string kind, ReadOnlySpan<char> value) { }

        public bool ReadsHeaderValue(string name) => config.TokenizedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase);
    }
}
