using System.Globalization;

namespace EnforcementFlows.Enforcement.Scoring;

/// <summary>One line of a score's explanation: an input, what it measured, and what it added.</summary>
public sealed record ScoreContribution(string Name, double Input, double Contribution);

/// <summary>A case's score in [0, 1] and how it was reached.</summary>
public sealed record CaseScore(double Value, IReadOnlyList<ScoreContribution> Contributions, string? ModelVersion, bool TextScoreAbsent)
{
    public const string TextScoreAbsentNote = "text score absent";

    /// <summary>A one-line, human-readable account of the score for reviewers and the audit record.</summary>
    public string Explanation
    {
        get
        {
            var parts = Contributions.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name}={c.Input:0.###} (+{c.Contribution:0.###})")).ToList();
            if (TextScoreAbsent)
            {
                parts.Add(TextScoreAbsentNote);
            }

            return string.Create(CultureInfo.InvariantCulture, $"score {Value:0.###}: {string.Join("; ", parts)}");
        }
    }
}
