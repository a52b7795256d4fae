using System.Globalization;
using System.Text;

namespace EnforcementFlows.Scoring.Evaluation;

/// <summary>How the shipped threshold treats each category of labelled data (JSONL "category", corpus group).</summary>
public sealed record CategoryRow(string Category, int Count, int Positives, int Flagged, int FlaggedPositives)
{
    /// <summary>Share of this category's positives that were flagged (NaN when it has none).</summary>
    public double Recall => Positives == 0 ? double.NaN : FlaggedPositives / (double)Positives;

    /// <summary>Share of this category's negatives that were wrongly flagged (NaN when it has none).</summary>
    public double FalsePositiveRate => Count == Positives ? double.NaN : (Flagged - FlaggedPositives) / (double)(Count - Positives);
}

public static class CategoryBreakdown
{
    public static IReadOnlyList<CategoryRow> Compute(IEnumerable<(string? Category, ScoredExample Example)> rows, double threshold) =>
        rows.GroupBy(r => r.Category ?? "(none)", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CategoryRow(
                g.Key,
                g.Count(),
                g.Count(r => r.Example.IsPositive),
                g.Count(r => r.Example.Probability >= threshold),
                g.Count(r => r.Example.IsPositive && r.Example.Probability >= threshold)))
            .ToList();

    public static string Format(IReadOnlyList<CategoryRow> rows)
    {
        var text = new StringBuilder("  By category (at the shipped threshold):\n");
        foreach (var row in rows)
            text.Append(CultureInfo.InvariantCulture,
                $"    {row.Category,-24} n={row.Count,5}  positives={row.Positives,5}  flagged={row.Flagged,5}  recall={Rate(row.Recall)}  false-positive rate={Rate(row.FalsePositiveRate)}\n");
        return text.ToString();
    }

    private static string Rate(double value) => double.IsNaN(value) ? "  -  " : value.ToString("F3", CultureInfo.InvariantCulture);
}
