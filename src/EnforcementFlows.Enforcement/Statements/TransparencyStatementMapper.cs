using System.Globalization;
using System.Text.Json.Nodes;

namespace EnforcementFlows.Enforcement.Statements;

/// <summary>
/// A statement of reasons in the DSA Transparency Database's statement format (infra/transparency-database/statements.schema.json).
/// Field by field in docs/dsa.md. Only the facts summary goes in, never the account id, a reporter or evidence text: the Database is
/// public and Art. 24(5) forbids personal data in it.
/// </summary>
public static class TransparencyStatementMapper
{
    /// <summary>Whether the Database takes this statement: a warning restricts nothing, so it is no Art. 17(1) decision to submit.</summary>
    public static bool IsSubmittable(StatementOfReasons statement) => statement.Restriction.Action is "restrict" or "suspend" or "ban";

    public static JsonObject Map(StatementOfReasons s, StatementPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(policy);
        var body = new JsonObject();
        var ends = s.Restriction.EndsAt is { } e ? Day(e) : null;
        switch (s.Restriction.Action)
        {
            case "restrict":
                // Features of the service are withheld, the account stays: a partial suspension of the provision of the service.
                body["decision_provision"] = "DECISION_PROVISION_PARTIAL_SUSPENSION";
                body["end_date_service_restriction"] = ends;
                break;
            case "suspend":
                body["decision_account"] = "DECISION_ACCOUNT_SUSPENDED";
                body["end_date_account_restriction"] = ends;
                break;
            case "ban":
                body["decision_account"] = "DECISION_ACCOUNT_TERMINATED";
                break;
            default:
                throw new ArgumentException($"A '{s.Restriction.Action}' is not submitted to the Transparency Database.", nameof(s));
        }
        body["decision_ground"] = s.Ground.DecisionGround;
        if (s.Ground.TermsUrl is { } terms)
        {
            body["decision_ground_reference_url"] = terms;
        }
        var explanation = Limit(s.Facts.Summary, 2000);
        if (s.Ground.DecisionGround == TransparencyVocabulary.GroundIllegal)
        {
            body["illegal_content_legal_ground"] = Limit(s.Ground.Clause, 500);
            body["illegal_content_explanation"] = explanation;
        }
        else
        {
            body["incompatible_content_ground"] = Limit(s.Ground.Clause, 500);
            body["incompatible_content_explanation"] = explanation;
            body["incompatible_content_illegal"] = s.Ground.AlsoIllegal ? "Yes" : "No";
        }
        body["content_type"] = new JsonArray([.. policy.ContentType.Select(t => (JsonNode)t)]);
        body["category"] = s.Ground.TransparencyCategory;
        body["territorial_scope"] = new JsonArray([.. s.TerritorialScope.Select(c => (JsonNode)c)]);
        // The account's content has no posting date here; the first signal about it is the closest the case knows (docs/dsa.md).
        body["content_date"] = Day(s.Facts.FirstSignalAt ?? s.IssuedAt);
        body["application_date"] = Day(s.IssuedAt);
        body["decision_facts"] = Limit(s.Facts.Summary, 5000);
        body["source_type"] = s.Facts.UserReports > 0 ? TransparencyVocabulary.SourceNotice : TransparencyVocabulary.SourceVoluntary;
        body["automated_detection"] = s.AutomatedDetection ? "Yes" : "No";
        // A human here always decides on an outcome the policy engine proposed from a machine score: partially automated.
        body["automated_decision"] = s.AutomatedDecision ? TransparencyVocabulary.AutomatedDecisionFully : TransparencyVocabulary.AutomatedDecisionPartially;
        body["puid"] = s.StatementId;
        return body;
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Limit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
