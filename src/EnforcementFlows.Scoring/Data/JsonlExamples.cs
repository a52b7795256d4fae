using System.Text.Json;

namespace EnforcementFlows.Scoring.Data;

/// <summary>
/// Reads labelled examples from JSON Lines: one object per line with "text", "label" and
/// optionally "category". Labels may be booleans, 0/1, or the words in <see cref="LabelWords"/>.
/// </summary>
public static class JsonlExamples
{
    public static IReadOnlyList<LabeledExample> Load(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, Path.GetFileName(path));
    }

    public static IReadOnlyList<LabeledExample> Read(TextReader reader, string sourceName)
    {
        var examples = new List<LabeledExample>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var where = $"{sourceName}:{lineNumber}";
            examples.Add(ParseLine(line, where));
        }
        return examples;
    }

    private static LabeledExample ParseLine(string line, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{where}: not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"{where}: expected a JSON object.");
            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                throw new FormatException($"{where}: missing string property \"text\".");
            if (!root.TryGetProperty("label", out var label))
                throw new FormatException($"{where}: missing property \"label\".");
            string? category = root.TryGetProperty("category", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            return new LabeledExample(text.GetString()!, LabelWords.Parse(label, where), category, where);
        }
    }
}
