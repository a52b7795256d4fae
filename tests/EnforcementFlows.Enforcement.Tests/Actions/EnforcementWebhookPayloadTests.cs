using System.Text;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Webhooks;

namespace EnforcementFlows.Enforcement.Tests.Actions;

public class EnforcementWebhookPayloadTests
{
    private static readonly AppliedAction Suspension = new(
        "act-1", "case-9", "acct-3", EnforcementAction.Suspend(TimeSpan.FromDays(7)), DateTimeOffset.UnixEpoch, "spam: score 0.75 >= 0.7", "ab12");

    [Fact]
    public void ToUtf8Json_Suspension_HasTheDocumentedShape()
    {
        var json = Encoding.UTF8.GetString(EnforcementWebhookPayload.For(Suspension, "efk_1").ToUtf8Json());

        Assert.Equal(
            """{"type":"enforcement.action","accountId":"acct-3","action":"suspend","duration":"P7D","caseId":"case-9","reason":"spam: score 0.75 \u003E= 0.7","policyHash":"ab12","idempotencyKey":"efk_1"}""",
            json);
    }

    [Fact]
    public void ToUtf8Json_ActionWithoutDuration_OmitsDuration()
    {
        var json = Encoding.UTF8.GetString(EnforcementWebhookPayload.For(Suspension with { Action = EnforcementAction.Ban() }, "efk_1").ToUtf8Json());

        Assert.DoesNotContain("duration", json, StringComparison.Ordinal);
        Assert.Contains("\"action\":\"ban\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void FromUtf8Json_RoundTrips()
    {
        var payload = EnforcementWebhookPayload.For(Suspension, "efk_1");

        Assert.Equal(payload, EnforcementWebhookPayload.FromUtf8Json(payload.ToUtf8Json()));
    }

    [Fact]
    public void SignedPayload_VerifiesAtTheReceiver()
    {
        var secret = WebhookSecret.Parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var clock = FixedTimeProvider.AtUnixSeconds(1_800_000_000);
        var key = IdempotencyKey.Derive("case-9", "exec-1", "apply-action");
        var body = EnforcementWebhookPayload.For(Suspension, key).ToUtf8Json();

        var headers = new OutboundWebhookSigner(secret, clock).Sign(key, body);

        Assert.True(new WebhookVerifier([secret], clock).Verify(headers.Id, headers.Timestamp, headers.Signature, body).IsValid);
    }
}
