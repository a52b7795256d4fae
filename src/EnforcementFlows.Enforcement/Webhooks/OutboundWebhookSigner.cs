namespace EnforcementFlows.Enforcement.Webhooks;

/// <summary>The three headers an outbound delivery carries.</summary>
public sealed record SignedWebhookHeaders(string Id, string Timestamp, string Signature)
{
    public IReadOnlyDictionary<string, string> AsDictionary() => new Dictionary<string, string>
    {
        [WebhookHeaders.Id] = Id,
        [WebhookHeaders.Timestamp] = Timestamp,
        [WebhookHeaders.Signature] = Signature,
    };
}

/// <summary>Signs outbound enforcement webhooks with the same scheme the service accepts inbound.</summary>
public sealed class OutboundWebhookSigner
{
    private readonly WebhookSecret _secret;
    private readonly TimeProvider _time;

    public OutboundWebhookSigner(WebhookSecret secret, TimeProvider time)
    {
        _secret = secret;
        _time = time;
    }

    /// <param name="messageId">Stable across retries of the same delivery (use the idempotency key) so receivers can deduplicate.</param>
    public SignedWebhookHeaders Sign(string messageId, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(messageId))
        {
            throw new ArgumentException("a message id is required", nameof(messageId));
        }

        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        var signature = WebhookSignature.Compute(_secret, messageId, timestamp, body);
        return new SignedWebhookHeaders(messageId, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), signature);
    }
}
