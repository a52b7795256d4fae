using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Statements;

/// <summary>How one of our categories reads in a statement of reasons and in the Transparency Database.</summary>
/// <param name="Category">The Database's <c>category</c> (STATEMENT_CATEGORY_...).</param>
/// <param name="Ground">The Database's <c>decision_ground</c>: the terms (incompatible content) or the law (illegal content).</param>
/// <param name="Clause">The terms clause (or, for illegal content, the legal provision) relied on, in words the account can look up.</param>
/// <param name="AlsoIllegal">Content incompatible with the terms that is also considered illegal (<c>incompatible_content_illegal</c>).</param>
public sealed record StatementCategoryMapping(string Category, string Ground, string Clause, bool AlsoIllegal = false);

/// <summary>
/// The policy file's <c>statements</c> section: what every statement of reasons says beyond the case's own facts. A file without
/// the section, or without an entry for a category, gets <see cref="Default"/>'s values (the shipped policy spells them out).
/// <c>AppealTimeoutOutcome</c> (<c>uphold</c> or <c>overturn</c>) is what an appeal nobody reviews in time ends with; the appeal's
/// notice says that no human decided.
/// </summary>
public sealed record StatementPolicy(
    IReadOnlyList<string> TerritorialScope,
    int AppealWindowMonths,
    string AppealUrl,
    string? TermsUrl,
    IReadOnlyList<string> ContentType,
    IReadOnlyDictionary<SignalCategory, StatementCategoryMapping> Categories,
    string AppealTimeoutOutcome = Appeals.AppealOutcomes.Uphold)
{
    /// <summary>Art. 20(1) DSA: at least six months after the decision.</summary>
    public const int MinimumAppealWindowMonths = 6;

    /// <summary>The placeholder in <see cref="AppealUrl"/> replaced by the statement id.</summary>
    public const string StatementIdPlaceholder = "{statementId}";

    public Uri AppealLink(string statementId) => new(AppealUrl.Replace(StatementIdPlaceholder, Uri.EscapeDataString(statementId), StringComparison.Ordinal));

    public static StatementPolicy Default { get; } = new(
        TransparencyVocabulary.EeaCountries,
        MinimumAppealWindowMonths,
        "https://platform.example.org/appeals/" + StatementIdPlaceholder,
        "https://platform.example.org/terms",
        ["CONTENT_TYPE_TEXT"],
        new Dictionary<SignalCategory, StatementCategoryMapping>
        {
            [SignalCategory.Spam] = new("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", TransparencyVocabulary.GroundIncompatible, "Terms of service: spam and platform manipulation"),
            [SignalCategory.ScamFraud] = new("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", TransparencyVocabulary.GroundIncompatible, "Terms of service: scams and fraud", AlsoIllegal: true),
            [SignalCategory.Harassment] = new("STATEMENT_CATEGORY_CYBER_VIOLENCE", TransparencyVocabulary.GroundIncompatible, "Terms of service: harassment and bullying"),
            [SignalCategory.Hate] = new("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", TransparencyVocabulary.GroundIncompatible, "Terms of service: hateful conduct"),
            [SignalCategory.ViolentThreat] = new("STATEMENT_CATEGORY_VIOLENCE", TransparencyVocabulary.GroundIncompatible, "Terms of service: threats of violence", AlsoIllegal: true),
            [SignalCategory.SexualContent] = new("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", TransparencyVocabulary.GroundIncompatible, "Terms of service: sexual content"),
            [SignalCategory.ChildSafety] = new("STATEMENT_CATEGORY_PROTECTION_OF_MINORS", TransparencyVocabulary.GroundIncompatible, "Terms of service: child safety", AlsoIllegal: true),
            [SignalCategory.SelfHarm] = new("STATEMENT_CATEGORY_SELF_HARM", TransparencyVocabulary.GroundIncompatible, "Terms of service: promotion of self-harm"),
            [SignalCategory.Impersonation] = new("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", TransparencyVocabulary.GroundIncompatible, "Terms of service: impersonation"),
            [SignalCategory.Malware] = new("STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", TransparencyVocabulary.GroundIncompatible, "Terms of service: malware and abuse of the service", AlsoIllegal: true),
            [SignalCategory.PolicyEvasion] = new("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", TransparencyVocabulary.GroundIncompatible, "Terms of service: evading enforcement"),
            [SignalCategory.Other] = new("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", TransparencyVocabulary.GroundIncompatible, "Terms of service: other violations"),
        }.AsReadOnly());

    public StatementCategoryMapping For(SignalCategory category) => Categories.TryGetValue(category, out var m) ? m : Default.Categories[category];
}
