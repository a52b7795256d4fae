using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnforcementFlows.Enforcement.Notices;

/// <summary>
/// A signed event telling one person how a case (or an appeal) ended: a reporter (DSA Art. 16(5)) or the account (Art. 20(4)).
/// It names the decision and the statement of reasons, and the recipient's own reports; never other reporters, scores or reviewers.
/// </summary>
public sealed record OutcomeNotice
{
    public const string EventType = "enforcement.outcome_notice";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    [JsonPropertyOrder(0)]
    public string Type { get; init; } = EventType;

    /// <summary>Also the webhook-id and Idempotency-Key: one recipient and outcome, one id.</summary>
    public required string NoticeId { get; init; }

    /// <summary><c>reporter</c> or <c>account</c>.</summary>
    public required string RecipientKind { get; init; }

    /// <summary>The reporter's id (as the platform sent it with the report) or the account id.</summary>
    public required string RecipientId { get; init; }

    public required string CaseId { get; init; }

    /// <summary><c>case</c> (the case concluded) or <c>appeal</c> (an appeal of its action was decided).</summary>
    public required string Concerning { get; init; }

    /// <summary>
    /// <c>action_taken</c>, <c>no_action</c> (dismissed, rejected, or no human decision in time and the policy's outcome was to dismiss),
    /// <c>upheld</c> or <c>overturned</c> (appeals).
    /// </summary>
    public required string Decision { get; init; }

    /// <summary>warn, restrict, suspend, ban: what was applied (action_taken, upheld).</summary>
    public string? Action { get; init; }

    public string? StatementId { get; init; }

    /// <summary>The recipient's own reports about the account (reporters only).</summary>
    public IReadOnlyList<string>? Reports { get; init; }

    /// <summary>Said when no human decided: the outcome is the policy's timeout outcome.</summary>
    public string? Note { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static string IdFor(params string[] parts)
        => "ntc_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\u001f", parts))))[..24];
}
