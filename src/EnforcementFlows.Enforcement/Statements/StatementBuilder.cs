using System.Globalization;
using System.Xml;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Statements;

/// <summary>Builds statements of reasons from a case's facts and the policy's statement section. Pure: the same facts give the same statement.</summary>
public static class StatementBuilder
{
    public const string OtherRedress =
        "You may also refer the decision to a certified out-of-court dispute settlement body (Art. 21 DSA) or to a court; appealing here does not affect those rights.";

    /// <summary>The statement id for an apply call's idempotency key: stable across redeliveries, like the action id.</summary>
    public static string IdFor(string idempotencyKey)
        => "sor_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("statement/" + idempotencyKey)))[..20];

    public static StatementOfReasons Build(StatementFacts facts, EnforcementPolicy? policy)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var statements = policy?.Statements ?? StatementPolicy.Default;
        var applied = facts.Action;
        var mapping = statements.For(facts.Category);
        var reports = facts.Signals.Count(s => s.Kind == SignalKind.Report);
        var flags = facts.Signals.Count(s => s.Kind == SignalKind.Flag);
        var detectors = facts.Signals.Where(s => s.Detector is not null).Select(s => s.Detector!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var categories = facts.Signals.Select(s => s.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var bySweep = facts.Signals.Any(s => s.ReleasedBySweep);
        var human = facts.DecisionPath == DecisionPaths.Human;
        var reviewers = human ? facts.Approvers.Distinct(StringComparer.OrdinalIgnoreCase).Count() : 0;
        return new StatementOfReasons
        {
            StatementId = facts.StatementId,
            ActionId = applied.ActionId,
            CaseId = applied.CaseId,
            AccountId = applied.AccountId,
            IssuedAt = applied.AppliedAt,
            Restriction = new StatementRestriction(applied.Action.Kind.ToWireName(), applied.Action.Duration is { } d ? XmlConvert.ToString(d) : null,
                applied.AppliedAt, applied.ExpiresAt, Describe(applied.Action, facts.DecisionPath)),
            Ground = new StatementGround(applied.Reason, facts.Category.ToWireName(), mapping.Clause, mapping.Ground, mapping.Category, mapping.AlsoIllegal,
                policy is not null && policy.Hash == applied.PolicyHash ? policy.VersionLabel : null, applied.PolicyHash, statements.TermsUrl),
            Facts = new StatementFactsSummary(categories, reports, flags, detectors, bySweep,
                Summarise(reports, flags, categories, detectors, bySweep, facts.DecisionPath, reviewers),
                facts.Signals.Count == 0 ? null : facts.Signals.Min(s => s.ReceivedAt)),
            // Only detectors are automated means of detection: the score that weighs user reports decides, it does not detect.
            AutomatedDetection = flags > 0,
            AutomatedDecision = !human,
            DecisionPath = facts.DecisionPath,
            HumanReviewers = reviewers,
            TerritorialScope = statements.TerritorialScope,
            Redress = new StatementRedress(statements.AppealLink(facts.StatementId), applied.AppliedAt.AddMonths(statements.AppealWindowMonths), OtherRedress),
        };
    }

    private static string Describe(EnforcementAction action, string path)
    {
        var text = action.Kind switch
        {
            ActionKind.Warn => "A warning was issued to the account; nothing was restricted.",
            ActionKind.Restrict => action.Duration is { } r ? $"The account's use of the service is restricted for {Span(r)}." : "The account's use of the service is restricted until the restriction is lifted.",
            ActionKind.Suspend => $"The account is suspended for {Span(action.Duration!.Value)}.",
            ActionKind.Ban => "The account is terminated.",
            _ => action.Kind.ToWireName(),
        };
        return path == DecisionPaths.Interim ? text + " This is an interim restriction while people review the case." : text;
    }

    private static string Span(TimeSpan span) => span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays)
        ? $"{span.TotalDays.ToString(CultureInfo.InvariantCulture)} day{(span.TotalDays == 1 ? "" : "s")}"
        : $"{span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} hours";

    private static string Summarise(int reports, int flags, IReadOnlyList<string> categories, IReadOnlyList<string> detectors, bool bySweep, string path, int reviewers)
    {
        var parts = new List<string>();
        if (reports > 0)
        {
            parts.Add($"{reports} user report{(reports == 1 ? "" : "s")}");
        }
        if (flags > 0)
        {
            parts.Add($"{flags} automated detector flag{(flags == 1 ? "" : "s")}" + (detectors.Count > 0 ? $" ({string.Join(", ", detectors)})" : ""));
        }
        var facts = (parts.Count == 0 ? "No signals" : string.Join(" and ", parts)) + $" about this account, in the categories {string.Join(", ", categories)}.";
        if (bySweep)
        {
            facts += " The flags were individually weak; the periodic review of such flags found that together they warranted a case.";
        }
        facts += path switch
        {
            DecisionPaths.Human => $" The proposed action was reviewed and approved by {reviewers} member{(reviewers == 1 ? "" : "s")} of staff.",
            DecisionPaths.Timeout => " Nobody reviewed the case within the policy's deadline, so the policy's timeout outcome was applied without a human decision.",
            DecisionPaths.Interim => " The policy restricts such cases at once while people review them.",
            _ => " The policy applied this action automatically from the signals' score, without human review.",
        };
        return facts;
    }
}
