using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Scoring;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Audit;

/// <summary>Builds audit entries for the domain's own events, so every host records the same fields.</summary>
public static class AuditEntries
{
    /// <summary>
    /// Report text is left out: the chain is immutable and cannot honour an erasure request, so it keeps
    /// ids and sizes and the text stays in the case store where it can be deleted.
    /// </summary>
    public static AuditEntry ReportReceived(UserReport report, DateTimeOffset at, string caseId) => new(
        at, AuditKind.SignalReceived, "reporter:" + report.ReporterId,
        Data(new JsonObject
        {
            ["signal"] = "user_report",
            ["reportId"] = report.ReportId,
            ["category"] = report.Category.ToWireName(),
            ["contentId"] = report.ContentId,
            ["textLength"] = report.Text.Length,
        }),
        caseId, report.AccountId);

    public static AuditEntry FlagReceived(DetectorFlag flag, DateTimeOffset at, string caseId) => new(
        at, AuditKind.SignalReceived, "detector:" + flag.Detector,
        Data(new JsonObject
        {
            ["signal"] = "detector_flag",
            ["flagId"] = flag.FlagId,
            ["detectorVersion"] = flag.DetectorVersion,
            ["category"] = flag.Category.ToWireName(),
            ["confidence"] = flag.Confidence,
        }),
        caseId, flag.AccountId);

    public static AuditEntry Scored(CaseScore score, DateTimeOffset at, string caseId, string accountId) => new(
        at, AuditKind.Scored, "case-scorer",
        Data(new JsonObject
        {
            ["score"] = score.Value,
            ["contributions"] = new JsonArray(score.Contributions
                .Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["input"] = c.Input, ["contribution"] = c.Contribution })
                .ToArray()),
            ["modelVersion"] = score.ModelVersion,
            ["textScoreAbsent"] = score.TextScoreAbsent,
        }),
        caseId, accountId);

    public static AuditEntry Decided(Decision decision, DateTimeOffset at, string caseId, string accountId) => new(
        at, AuditKind.Decided, "policy-engine",
        Data(new JsonObject
        {
            ["category"] = decision.Category.ToWireName(),
            ["score"] = decision.Score,
            ["outcome"] = decision.Outcome.ToWireName(),
            ["duration"] = decision.Duration is { } d ? XmlConvert.ToString(d) : null,
            ["requiresApproval"] = decision.RequiresApproval,
            ["requiredApprovers"] = decision.RequiredApprovers,
            ["restrictImmediately"] = decision.RestrictImmediately,
            ["rule"] = decision.Rule,
            ["policyHash"] = decision.PolicyHash,
            ["policyVersion"] = decision.PolicyVersion,
        }),
        caseId, accountId);

    /// <param name="statementId">The action's statement of reasons; absent from records made before statements existed.</param>
    public static AuditEntry ActionApplied(AppliedAction applied, string idempotencyKey, string actor, string? statementId = null) => new(
        applied.AppliedAt, applied.Action.Kind == ActionKind.Lift ? AuditKind.ActionLifted : AuditKind.ActionApplied, actor,
        Data(WithStatement(new JsonObject
        {
            ["actionId"] = applied.ActionId,
            ["action"] = applied.Action.Kind.ToWireName(),
            ["duration"] = applied.Action.Duration is { } d ? XmlConvert.ToString(d) : null,
            ["expiresAt"] = applied.ExpiresAt is { } e ? AuditCanonicalEncoding.FormatTimestamp(e) : null,
            ["reason"] = applied.Reason,
            ["policyHash"] = applied.PolicyHash,
            ["idempotencyKey"] = idempotencyKey,
        }, statementId)),
        applied.CaseId, applied.AccountId);

    private static JsonObject WithStatement(JsonObject data, string? statementId)
    {
        if (statementId is not null)
        {
            data["statementId"] = statementId;
        }
        return data;
    }

    /// <summary>Wraps any JSON object as audit data.</summary>
    public static JsonElement Data(JsonObject data) => JsonSerializer.SerializeToElement(data);
}
