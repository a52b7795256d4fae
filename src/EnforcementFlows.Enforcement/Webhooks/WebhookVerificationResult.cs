namespace EnforcementFlows.Enforcement.Webhooks;

public enum WebhookVerificationStatus
{
    Valid,
    MissingHeaders,
    BadTimestamp,
    NoMatchingSignature,
}

/// <summary>Outcome of verifying one inbound webhook; <see cref="Detail"/> is safe to log (no secrets).</summary>
public sealed record WebhookVerificationResult(WebhookVerificationStatus Status, string Detail)
{
    public bool IsValid => Status == WebhookVerificationStatus.Valid;
}
