using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Tests.Signals;

public class SignalValidatorTests
{
    private static readonly UserReport ValidReport = new("r-1", "u-9", "acct-1", SignalCategory.Harassment, "they keep messaging me");
    private static readonly DetectorFlag ValidFlag = new("f-1", "spam-net", "acct-1", SignalCategory.Spam, 0.8);

    [Fact]
    public void Validate_ValidReportAndFlag_HaveNoErrors()
    {
        Assert.Empty(SignalValidator.Validate(ValidReport));
        Assert.Empty(SignalValidator.Validate(ValidFlag));
    }

    [Fact]
    public void Validate_ReportWithEveryFieldWrong_ListsEveryField()
    {
        var report = new UserReport("", " ", new string('a', 201), (SignalCategory)99, new string('x', 20_001), ContentId: new string('c', 201));

        var errors = SignalValidator.Validate(report).Select(e => e.ToString()).ToList();

        Assert.Equal(
            [
                "reportId: required",
                "reporterId: required",
                "accountId: must be at most 200 characters",
                "category: unknown value '99'",
                "text: must be at most 20000 characters",
                "contentId: must be at most 200 characters",
            ],
            errors);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Validate_ConfidenceOutsideUnitInterval_IsRejected(double confidence)
    {
        var errors = SignalValidator.Validate(ValidFlag with { Confidence = confidence });

        Assert.Equal("confidence: must be between 0 and 1", Assert.Single(errors).ToString());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Validate_ConfidenceAtBounds_IsAccepted(double confidence)
    {
        Assert.Empty(SignalValidator.Validate(ValidFlag with { Confidence = confidence }));
    }

    [Fact]
    public void Validate_EvidenceAtAndOverLimit()
    {
        Assert.Empty(SignalValidator.Validate(ValidFlag with { Evidence = new string('e', 10_000) }));
        Assert.Equal("evidence", Assert.Single(SignalValidator.Validate(ValidFlag with { Evidence = new string('e', 10_001) })).Field);
    }

    [Fact]
    public void Validate_Batch_PrefixesErrorsWithIndex()
    {
        var errors = SignalValidator.Validate([ValidFlag, ValidFlag with { AccountId = "" }]);

        Assert.Equal("[1].accountId: required", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Validate_BatchOverLimit_IsRejected()
    {
        var errors = SignalValidator.Validate(Enumerable.Repeat(ValidFlag, 1_001).ToList());

        Assert.Equal("flags", Assert.Single(errors).Field);
    }
}
