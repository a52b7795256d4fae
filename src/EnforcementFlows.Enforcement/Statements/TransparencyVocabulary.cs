namespace EnforcementFlows.Enforcement.Statements;

/// <summary>
/// The values the DSA Transparency Database accepts, as its statement API documents them (resources/markdown/api-documentation.md
/// and app/Models/Statement.php of digital-services-act/transparency-database, read 2026-12-03). The policy loader checks the
/// mapping against these sets, so a typo fails at start instead of at the Commission's API; infra/transparency-database/statement.schema.json
/// carries the same lists.
/// </summary>
public static class TransparencyVocabulary
{
    public const string GroundIllegal = "DECISION_GROUND_ILLEGAL_CONTENT";
    public const string GroundIncompatible = "DECISION_GROUND_INCOMPATIBLE_CONTENT";

    public static readonly IReadOnlySet<string> Grounds = new HashSet<string>(StringComparer.Ordinal) { GroundIllegal, GroundIncompatible };

    public static readonly IReadOnlySet<string> Categories = new HashSet<string>(StringComparer.Ordinal)
    {
        "STATEMENT_CATEGORY_ANIMAL_WELFARE",
        "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
        "STATEMENT_CATEGORY_CYBER_VIOLENCE",
        "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
        "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
        "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
        "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
        "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
        "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
        "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
        "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        "STATEMENT_CATEGORY_SELF_HARM",
        "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
        "STATEMENT_CATEGORY_VIOLENCE",
    };

    public static readonly IReadOnlySet<string> ContentTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "CONTENT_TYPE_APP", "CONTENT_TYPE_AUDIO", "CONTENT_TYPE_IMAGE", "CONTENT_TYPE_PRODUCT", "CONTENT_TYPE_SYNTHETIC_MEDIA",
        "CONTENT_TYPE_TEXT", "CONTENT_TYPE_VIDEO", "CONTENT_TYPE_OTHER",
    };

    /// <summary>EU and EEA countries (EuropeanCountriesService.EUROPEAN_COUNTRY_CODES): the only territorial scope values it accepts.</summary>
    public static readonly IReadOnlyList<string> EeaCountries =
    [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL",
        "NO", "PL", "PT", "RO", "SE", "SI", "SK",
    ];

    public const string AutomatedDecisionFully = "AUTOMATED_DECISION_FULLY";
    public const string AutomatedDecisionPartially = "AUTOMATED_DECISION_PARTIALLY";
    public const string SourceNotice = "SOURCE_ARTICLE_16";
    public const string SourceVoluntary = "SOURCE_VOLUNTARY";
}
