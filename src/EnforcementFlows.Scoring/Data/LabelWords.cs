using System.Text.Json;

namespace EnforcementFlows.Scoring.Data;

/// <summary>The label spellings JSONL training data may use.</summary>
public static class LabelWords
{
    public static readonly IReadOnlyList<string> Positive = ["1", "true", "spam", "positive", "abuse", "violating", "violation"];
    public static readonly IReadOnlyList<string> Negative = ["0", "false", "ham", "negative", "benign", "ok", "clean"];

    public static bool Parse(JsonElement label, string where) => label.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when label.TryGetInt32(out int n) && n is 0 or 1 => n == 1,
        JsonValueKind.String => ParseWord(label.GetString()!, where),
        _ => throw new FormatException($"{where}: label must be true/false, 0/1 or one of: {string.Join(", ", Positive.Concat(Negative))}."),
    };

    private static bool ParseWord(string word, string where)
    {
        var normalized = word.Trim().ToLowerInvariant();
        if (Positive.Contains(normalized)) return true;
        if (Negative.Contains(normalized)) return false;
        throw new FormatException($"{where}: unknown label \"{word}\"; use one of: {string.Join(", ", Positive.Concat(Negative))}.");
    }
}
