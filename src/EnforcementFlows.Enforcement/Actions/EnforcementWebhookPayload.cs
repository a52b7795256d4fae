using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace EnforcementFlows.Enforcement.Actions;

/// <summary>
/// Body of the outbound webhook that tells a platform to apply an action. <c>duration</c> is an ISO-8601
/// duration and is left out when the action has none; receivers deduplicate on <c>idempotencyKey</c>.
/// </summary>
public sealed record EnforcementWebhookPayload
{
    public const string EventType = "enforcement.action";

    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    [JsonPropertyOrder(0)]
    public string Type { get; init; } = EventType;

    public required string AccountId { get; init; }

    /// <summary>warn, restrict, suspend, ban or lift.</summary>
    public required string Action { get; init; }

    public string? Duration { get; init; }

    public required string CaseId { get; init; }

    public required string Reason { get; init; }

    public required string PolicyHash { get; init; }

    public required string IdempotencyKey { get; init; }

    /// <summary>
    /// The action's statement of reasons (DSA Art. 17), for the platform to show the account. It rides in this event, not a second
    /// one: the platform applies the action and informs the account from one signed, idempotent message, and receivers that ignore
    /// unknown fields keep working. Absent on lifts.
    /// </summary>
    public Statements.StatementOfReasons? Statement { get; init; }

    /// <summary>On a lift that reverses an action after an appeal: the action it reverses, and the appeal.</summary>
    public string? Reverses { get; init; }

    public string? AppealId { get; init; }

    public static EnforcementWebhookPayload For(AppliedAction applied, string idempotencyKey, Statements.StatementOfReasons? statement = null) => new()
    {
        Statement = statement,
        AccountId = applied.AccountId,
        Action = applied.Action.Kind.ToWireName(),
        Duration = applied.Action.Duration is { } d ? XmlConvert.ToString(d) : null,
        CaseId = applied.CaseId,
        Reason = applied.Reason,
        PolicyHash = applied.PolicyHash,
        IdempotencyKey = idempotencyKey,
    };

    /// <summary>The exact bytes to sign and send; sign these, not a re-serialization.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    public static EnforcementWebhookPayload? FromUtf8Json(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<EnforcementWebhookPayload>(json, Options);
}
