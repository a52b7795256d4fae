using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnforcementFlows.Enforcement.Statements;

/// <summary>
/// The statement of reasons (DSA Art. 17(3)) for one applied action: what was restricted and for how long, the ground (terms
/// clause and policy version), the facts (categories and an evidence summary, never who reported), whether automated means
/// detected and decided it, where it applies, and how to appeal. Built from what the case recorded; stored with the action, sent
/// in the enforcement webhook and readable at <c>GET /api/statements/{id}</c>.
/// </summary>
public sealed record StatementOfReasons
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary><c>sor_</c> + 20 hex digits derived from the apply call's idempotency key; also the Database's <c>puid</c>.</summary>
    public required string StatementId { get; init; }

    public required string ActionId { get; init; }

    public required string CaseId { get; init; }

    public required string AccountId { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required StatementRestriction Restriction { get; init; }

    public required StatementGround Ground { get; init; }

    public required StatementFactsSummary Facts { get; init; }

    /// <summary>A detector (not only people) flagged the account.</summary>
    public required bool AutomatedDetection { get; init; }

    /// <summary>No human approved this action: the policy applied it automatically, as an interim restriction, or as the timeout outcome.</summary>
    public required bool AutomatedDecision { get; init; }

    /// <summary><c>automatic</c>, <c>interim</c> (restricted while humans review), <c>human</c> or <c>timeout</c> (no human answered in time).</summary>
    public required string DecisionPath { get; init; }

    /// <summary>How many distinct people approved (0 unless <see cref="DecisionPath"/> is <c>human</c>); their names stay internal.</summary>
    public required int HumanReviewers { get; init; }

    /// <summary>ISO 3166 alpha-2 codes where the restriction applies, from policy.</summary>
    public required IReadOnlyList<string> TerritorialScope { get; init; }

    public required StatementRedress Redress { get; init; }

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static StatementOfReasons? FromJson(string json) => JsonSerializer.Deserialize<StatementOfReasons>(json, Json);
}

/// <param name="Action">warn, restrict, suspend or ban.</param>
/// <param name="Duration">ISO-8601; null for warnings, bans and open-ended restrictions.</param>
/// <param name="EndsAt">When a time-limited action ends by itself.</param>
/// <param name="Description">The restriction in words.</param>
public sealed record StatementRestriction(string Action, string? Duration, DateTimeOffset AppliedAt, DateTimeOffset? EndsAt, string Description);

/// <param name="Rule">The policy rule that fired, as the decision recorded it (e.g. "spam: score 0.75 &gt;= 0.7").</param>
/// <param name="Category">Our category (snake_case).</param>
/// <param name="Clause">The terms clause (or legal provision) relied on, from the policy's mapping.</param>
/// <param name="DecisionGround">Transparency Database <c>decision_ground</c>.</param>
/// <param name="TransparencyCategory">Transparency Database <c>category</c>.</param>
public sealed record StatementGround(string Rule, string Category, string Clause, string DecisionGround, string TransparencyCategory, bool AlsoIllegal,
    string? PolicyVersion, string PolicyHash, string? TermsUrl);

/// <param name="SignalCategories">Distinct categories of the case's signals, sorted.</param>
/// <param name="Summary">The facts in words (counts, categories, detectors; no reporter, no evidence text).</param>
/// <param name="FirstSignalAt">When the earliest signal arrived (the Database's <c>content_date</c> stands on it).</param>
public sealed record StatementFactsSummary(IReadOnlyList<string> SignalCategories, int UserReports, int DetectorFlags, IReadOnlyList<string> Detectors,
    bool FoundBySweep, string Summary, DateTimeOffset? FirstSignalAt);

/// <param name="AppealUrl">Where the account appeals (the platform's page; it posts the appeal to <c>POST /api/appeals</c>).</param>
/// <param name="AppealDeadline">The end of the internal complaint window (Art. 20(1): at least six months).</param>
/// <param name="OtherRedress">Out-of-court settlement (Art. 21) and judicial redress, which remain open.</param>
public sealed record StatementRedress(Uri AppealUrl, DateTimeOffset AppealDeadline, string OtherRedress);
