using EnforcementFlows.Enforcement.Webhooks;

namespace EnforcementFlows.Enforcement.Tests.Webhooks;

public class WebhookSecretTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "must start with 'whsec_'")]
    [InlineData("whsec_%%%not-base64", "not valid base64")]
    [InlineData("whsec_c2hvcnQ=", "5 bytes; at least 24")]
    public void TryParse_UnusableSecret_ExplainsWhy(string secret, string expectedError)
    {
        Assert.False(WebhookSecret.TryParse(secret, out _, out var error));
        Assert.Contains(expectedError, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ShortKey_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => WebhookSecret.Parse("whsec_c2hvcnQ="));
    }

    [Fact]
    public void ToString_DoesNotRevealKey()
    {
        var secret = WebhookSecret.Parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        Assert.DoesNotContain("MfKQ", secret.ToString(), StringComparison.Ordinal);
    }
}
