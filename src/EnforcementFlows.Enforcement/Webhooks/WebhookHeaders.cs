namespace EnforcementFlows.Enforcement.Webhooks;

/// <summary>Header names defined by the Standard Webhooks specification.</summary>
public static class WebhookHeaders
{
    public const string Id = "webhook-id";
    public const string Timestamp = "webhook-timestamp";
    public const string Signature = "webhook-signature";
}
