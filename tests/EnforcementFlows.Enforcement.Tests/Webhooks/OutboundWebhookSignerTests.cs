using System.Text;
using EnforcementFlows.Enforcement.Webhooks;

namespace EnforcementFlows.Enforcement.Tests.Webhooks;

public class OutboundWebhookSignerTests
{
    [Fact]
    public void Sign_OutputVerifiesWithTheSameSecret()
    {
        var secret = WebhookSecret.Parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var clock = FixedTimeProvider.AtUnixSeconds(1_700_000_000);
        var body = Encoding.UTF8.GetBytes("{\"type\":\"enforcement.action\"}");

        var headers = new OutboundWebhookSigner(secret, clock).Sign("efk_1", body);
        var result = new WebhookVerifier([secret], clock).Verify(headers.Id, headers.Timestamp, headers.Signature, body);

        Assert.Equal("1700000000", headers.Timestamp);
        Assert.True(result.IsValid);
        Assert.Equal(headers.Signature, headers.AsDictionary()[WebhookHeaders.Signature]);
    }

    [Fact]
    public void Derive_SameTaskTwice_GivesSameKey()
    {
        Assert.Equal(IdempotencyKey.Derive("case-1", "exec-1", "apply"), IdempotencyKey.Derive("case-1", "exec-1", "apply"));
    }

    [Theory]
    [InlineData("case-2", "exec-1", "apply")]
    [InlineData("case-1", "exec-2", "apply")]
    [InlineData("case-1", "exec-1", "lift")]
    public void Derive_AnyPartDiffers_GivesDifferentKey(string instance, string execution, string task)
    {
        Assert.NotEqual(IdempotencyKey.Derive("case-1", "exec-1", "apply"), IdempotencyKey.Derive(instance, execution, task));
    }

    [Fact]
    public void Derive_ShiftedSeparators_DoNotCollide()
    {
        Assert.NotEqual(IdempotencyKey.Derive("a:b", "c", "d"), IdempotencyKey.Derive("a", "b:c", "d"));
        Assert.StartsWith(IdempotencyKey.Prefix, IdempotencyKey.Derive("a", "b", "c"), StringComparison.Ordinal);
    }
}
