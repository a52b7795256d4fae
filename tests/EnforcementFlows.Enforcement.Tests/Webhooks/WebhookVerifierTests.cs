using System.Text;
using EnforcementFlows.Enforcement.Webhooks;

namespace EnforcementFlows.Enforcement.Tests.Webhooks;

public class WebhookVerifierTests
{
    // Published Standard Webhooks test vector.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly byte[] VectorBody = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");

    private static readonly WebhookSecret OtherSecret = WebhookSecret.Parse("whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));

    private static WebhookVerifier VerifierAt(long nowSeconds, params WebhookSecret[] secrets)
        => new(secrets, FixedTimeProvider.AtUnixSeconds(nowSeconds));

    [Fact]
    public void Compute_StandardVector_MatchesPublishedSignature()
    {
        var signature = WebhookSignature.Compute(WebhookSecret.Parse(VectorSecret), VectorId, VectorTimestamp, VectorBody);

        Assert.Equal(VectorSignature, signature);
    }

    [Fact]
    public void Verify_StandardVector_IsValid()
    {
        var result = VerifierAt(VectorTimestamp, WebhookSecret.Parse(VectorSecret))
            .Verify(VectorId, "1614265330", VectorSignature, VectorBody);

        Assert.Equal(WebhookVerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_SecondConfiguredSecretSigned_IsValid()
    {
        var signature = WebhookSignature.Compute(WebhookSecret.Parse(VectorSecret), VectorId, VectorTimestamp, VectorBody);

        var result = VerifierAt(VectorTimestamp, OtherSecret, WebhookSecret.Parse(VectorSecret))
            .Verify(VectorId, "1614265330", signature, VectorBody);

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Verify_HeaderWithSeveralSignatures_AcceptsWhenAnyMatches()
    {
        var header = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1a,ignored " + VectorSignature;

        var result = VerifierAt(VectorTimestamp, WebhookSecret.Parse(VectorSecret)).Verify(VectorId, "1614265330", header, VectorBody);

        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData(null, "1614265330", VectorSignature)]
    [InlineData(VectorId, null, VectorSignature)]
    [InlineData(VectorId, "1614265330", null)]
    [InlineData("", "1614265330", VectorSignature)]
    [InlineData(VectorId, "1614265330", "  ")]
    public void Verify_MissingHeader_ReportsMissingHeaders(string? id, string? timestamp, string? signature)
    {
        var result = VerifierAt(VectorTimestamp, WebhookSecret.Parse(VectorSecret)).Verify(id, timestamp, signature, VectorBody);

        Assert.Equal(WebhookVerificationStatus.MissingHeaders, result.Status);
    }

    [Theory]
    [InlineData(-300, WebhookVerificationStatus.Valid)]
    [InlineData(300, WebhookVerificationStatus.Valid)]
    [InlineData(-301, WebhookVerificationStatus.BadTimestamp)]
    [InlineData(301, WebhookVerificationStatus.BadTimestamp)]
    public void Verify_ClockSkew_AcceptedWithinFiveMinutesEitherWay(long skewSeconds, WebhookVerificationStatus expected)
    {
        // The receiver's clock is skewed relative to the signed timestamp.
        var result = VerifierAt(VectorTimestamp + skewSeconds, WebhookSecret.Parse(VectorSecret))
            .Verify(VectorId, "1614265330", VectorSignature, VectorBody);

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void Verify_TooOldAndTooNew_SayWhich()
    {
        var secret = WebhookSecret.Parse(VectorSecret);

        var old = VerifierAt(VectorTimestamp + 600, secret).Verify(VectorId, "1614265330", VectorSignature, VectorBody);
        var future = VerifierAt(VectorTimestamp - 600, secret).Verify(VectorId, "1614265330", VectorSignature, VectorBody);

        Assert.Contains("too old", old.Detail, StringComparison.Ordinal);
        Assert.Contains("future", future.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-5")]
    [InlineData("99999999999999999999999")]
    public void Verify_UnparseableTimestamp_ReportsBadTimestamp(string timestamp)
    {
        var result = VerifierAt(VectorTimestamp, WebhookSecret.Parse(VectorSecret)).Verify(VectorId, timestamp, VectorSignature, VectorBody);

        Assert.Equal(WebhookVerificationStatus.BadTimestamp, result.Status);
    }

    [Theory]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ2OE=")]
    [InlineData("v1,not-base64!!")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("garbage")]
    public void Verify_WrongOrMalformedSignature_ReportsNoMatch(string header)
    {
        var result = VerifierAt(VectorTimestamp, WebhookSecret.Parse(VectorSecret)).Verify(VectorId, "1614265330", header, VectorBody);

        Assert.Equal(WebhookVerificationStatus.NoMatchingSignature, result.Status);
    }

    [Fact]
    public void Verify_TamperedBody_ReportsNoMatch()
    {
        var tampered = Encoding.UTF8.GetBytes("{\"test\": 2432232315}");

        var result = VerifierAt(VectorTimestamp, WebhookSecret.Parse(VectorSecret)).Verify(VectorId, "1614265330", VectorSignature, tampered);

        Assert.Equal(WebhookVerificationStatus.NoMatchingSignature, result.Status);
    }

    [Fact]
    public void Verify_SecretNotConfigured_ReportsNoMatch()
    {
        var result = VerifierAt(VectorTimestamp, OtherSecret).Verify(VectorId, "1614265330", VectorSignature, VectorBody);

        Assert.Equal(WebhookVerificationStatus.NoMatchingSignature, result.Status);
    }
}
