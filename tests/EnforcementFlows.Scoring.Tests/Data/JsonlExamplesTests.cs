using EnforcementFlows.Scoring.Data;

namespace EnforcementFlows.Scoring.Tests.Data;

public class JsonlExamplesTests
{
    private static IReadOnlyList<LabeledExample> Read(string jsonl) => JsonlExamples.Read(new StringReader(jsonl), "test.jsonl");

    [Fact]
    public void Read_AcceptsTheDocumentedLabelSpellings()
    {
        var examples = Read("""
            {"text": "a", "label": true}
            {"text": "b", "label": 0}
            {"text": "c", "label": "spam", "category": "phishing"}

            {"text": "d", "label": "Ham"}
            {"text": "e", "label": "violating"}
            """);

        Assert.Equal([true, false, true, false, true], examples.Select(e => e.IsPositive));
        Assert.Equal("phishing", examples[2].Category);
        Assert.Null(examples[0].Category);
        Assert.Equal("test.jsonl:5", examples[3].Source); // blank lines still count
    }

    [Theory]
    [InlineData("""{"label": 1}""", "missing string property \"text\"")]
    [InlineData("""{"text": "x"}""", "missing property \"label\"")]
    [InlineData("""{"text": "x", "label": "maybe"}""", "unknown label \"maybe\"")]
    [InlineData("""{"text": "x", "label": 2}""", "label must be")]
    [InlineData("""not json""", "not valid JSON")]
    [InlineData("""[1, 2]""", "expected a JSON object")]
    public void Read_BadRows_NameTheLineAndTheProblem(string line, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Read("{\"text\": \"ok\", \"label\": 1}\n" + line));

        Assert.StartsWith("test.jsonl:2:", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Fingerprint_DependsOnTextsAndLabels()
    {
        var a = Read("""{"text": "a", "label": 1}""");
        var b = Read("""{"text": "a", "label": 0}""");
        var c = Read("""{"text": "b", "label": 1}""");

        Assert.Equal(DataFingerprint.Of(a), DataFingerprint.Of(Read("""{"text": "a", "label": "spam"}""")));
        Assert.NotEqual(DataFingerprint.Of(a), DataFingerprint.Of(b));
        Assert.NotEqual(DataFingerprint.Of(a), DataFingerprint.Of(c));
    }

    [Fact]
    public void SpamAssassinCorpus_UnknownGroup_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => SpamAssassinCorpus.Load("/nonexistent", ["spam-9"]));

        Assert.Contains("spam-9", error.Message);
    }
}
