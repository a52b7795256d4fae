using System.Text;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Tests.Signals;

public class SignalJsonReaderTests
{
    private static ReadOnlyMemory<byte> Utf8(string json) => Encoding.UTF8.GetBytes(json);

    private const string ValidFlagJson = """
        {"flagId":"f-1","detector":"spam-net","detectorVersion":"3.1","accountId":"acct-1","category":"scam_fraud","confidence":0.93,"evidence":"link farm"}
        """;

    [Fact]
    public void ReadUserReport_ValidJson_MapsEveryField()
    {
        var result = SignalJsonReader.ReadUserReport(Utf8("""
            {"reportId":"r-1","reporterId":"u-9","accountId":"acct-1","category":"violent_threat","text":"threat",
             "contentId":"post-7","occurredAt":"2026-11-01T10:00:00Z","clientHint":"ignored"}
            """));

        Assert.True(result.IsAccepted);
        Assert.Equal(
            new UserReport("r-1", "u-9", "acct-1", SignalCategory.ViolentThreat, "threat", "post-7", new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero)),
            result.Value);
    }

    [Fact]
    public void ReadDetectorFlag_ValidJson_MapsSnakeCaseCategory()
    {
        var result = SignalJsonReader.ReadDetectorFlag(Utf8(ValidFlagJson));

        Assert.True(result.IsAccepted);
        Assert.Equal(SignalCategory.ScamFraud, result.Value!.Category);
        Assert.Equal(0.93, result.Value.Confidence);
        Assert.Equal("3.1", result.Value.DetectorVersion);
    }

    [Fact]
    public void ReadDetectorFlag_SeveralProblems_ReportsAllOfThem()
    {
        var result = SignalJsonReader.ReadDetectorFlag(Utf8("""{"flagId":"f-1","detector":42,"category":"x","confidence":1.5}"""));

        Assert.Equal(SignalReadStatus.Invalid, result.Status);
        Assert.Equal(
            ["detector: must be a string", "category: unknown value 'x'", "accountId: required", "confidence: must be between 0 and 1"],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("""{"category":"Spam"}""", "category: unknown value 'Spam'")]
    [InlineData("""{"category":null}""", "category: required")]
    [InlineData("""{"confidence":"0.5"}""", "confidence: must be a number")]
    public void ReadDetectorFlag_BadCategoryOrConfidence_NamesTheField(string json, string expected)
    {
        var result = SignalJsonReader.ReadDetectorFlag(Utf8(json));

        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ReadUserReport_BadTimestamp_IsFieldError()
    {
        var result = SignalJsonReader.ReadUserReport(Utf8("""
            {"reportId":"r","reporterId":"u","accountId":"a","category":"spam","text":"t","occurredAt":"last tuesday"}
            """));

        Assert.Equal("occurredAt", Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData("{\"reportId\": ")]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"reportId":"a","reportId":"b"}""")]
    public void ReadUserReport_MalformedJson_IsDistinctFromValidation(string json)
    {
        var result = SignalJsonReader.ReadUserReport(Utf8(json));

        Assert.Equal(SignalReadStatus.MalformedJson, result.Status);
        Assert.Empty(result.Errors);
        Assert.False(string.IsNullOrEmpty(result.MalformedReason));
    }

    [Fact]
    public void ReadDetectorFlag_NotAnObject_IsValidationError()
    {
        var result = SignalJsonReader.ReadDetectorFlag(Utf8("[1,2]"));

        Assert.Equal(SignalReadStatus.Invalid, result.Status);
        Assert.Equal("$: must be a JSON object", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData(32, SignalReadStatus.Accepted)]
    [InlineData(33, SignalReadStatus.MalformedJson)]
    public void ReadDetectorFlag_NestingDepth_CappedAt32(int depth, SignalReadStatus expected)
    {
        // The flag object is level 1; an ignored extra property carries the remaining levels.
        var nested = new string('[', depth - 1) + new string(']', depth - 1);
        var json = ValidFlagJson.TrimEnd()[..^1] + ",\"extra\":" + nested + "}";

        Assert.Equal(expected, SignalJsonReader.ReadDetectorFlag(Utf8(json)).Status);
    }

    [Fact]
    public void ReadDetectorFlagBatch_ValidArray_ReturnsAllFlags()
    {
        var result = SignalJsonReader.ReadDetectorFlagBatch(Utf8("[" + ValidFlagJson + "," + ValidFlagJson.Replace("f-1", "f-2", StringComparison.Ordinal) + "]"));

        Assert.True(result.IsAccepted);
        Assert.Equal(["f-1", "f-2"], result.Value!.Select(f => f.FlagId));
    }

    [Fact]
    public void ReadDetectorFlagBatch_BadElement_ErrorsCarryIndex()
    {
        var result = SignalJsonReader.ReadDetectorFlagBatch(Utf8("[" + ValidFlagJson + ",{\"flagId\":\"f-2\"}]"));

        Assert.Equal(SignalReadStatus.Invalid, result.Status);
        Assert.All(result.Errors, e => Assert.StartsWith("[1].", e.Field, StringComparison.Ordinal));
        Assert.Contains("[1].confidence: required", result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1_000, true)]
    [InlineData(1_001, false)]
    public void ReadDetectorFlagBatch_SizeLimits(int count, bool accepted)
    {
        var json = "[" + string.Join(",", Enumerable.Repeat(ValidFlagJson, count)) + "]";

        Assert.Equal(accepted, SignalJsonReader.ReadDetectorFlagBatch(Utf8(json)).IsAccepted);
    }

    [Fact]
    public void ReadDetectorFlagBatch_ObjectInsteadOfArray_IsValidationError()
    {
        var result = SignalJsonReader.ReadDetectorFlagBatch(Utf8(ValidFlagJson));

        Assert.Equal(SignalReadStatus.Invalid, result.Status);
    }
}
