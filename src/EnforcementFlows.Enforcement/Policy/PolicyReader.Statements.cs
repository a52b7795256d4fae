using System.Text.Json;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Statements;

namespace EnforcementFlows.Enforcement.Policy;

internal sealed partial class PolicyReader
{
    /// <summary>
    /// The optional <c>statements</c> section (statements of reasons, DSA): territorial scope, appeal window and link, and the
    /// mapping of our categories to the Transparency Database's. Absent parts take <see cref="StatementPolicy.Default"/>'s values.
    /// </summary>
    private StatementPolicy ReadStatements(JsonElement root)
    {
        var fallback = StatementPolicy.Default;
        if (!root.TryGetProperty("statements", out var section)
            || !ExpectObject(section, "statements", "territorialScope", "appealWindowMonths", "appealUrl", "termsUrl", "contentType", "categories", "appealTimeoutOutcome"))
        {
            return fallback;
        }

        var scope = OptionalStringList(section, "statements", "territorialScope", allowEmpty: false) ?? [.. fallback.TerritorialScope];
        foreach (var code in scope.Where(c => !TransparencyVocabulary.EeaCountries.Contains(c)))
        {
            Error("statements.territorialScope", $"'{code}' is not an EU/EEA country code the Transparency Database accepts");
        }
        var months = fallback.AppealWindowMonths;
        if (section.TryGetProperty("appealWindowMonths", out var m))
        {
            if (m.ValueKind != JsonValueKind.Number || !m.TryGetInt32(out months) || months < StatementPolicy.MinimumAppealWindowMonths || months > 120)
            {
                Error("statements.appealWindowMonths", $"must be a whole number of months from {StatementPolicy.MinimumAppealWindowMonths} (Art. 20(1) DSA) to 120");
                months = fallback.AppealWindowMonths;
            }
        }
        var appealUrl = OptionalString(section, "statements", "appealUrl") ?? fallback.AppealUrl;
        if (!Uri.TryCreate(appealUrl.Replace(StatementPolicy.StatementIdPlaceholder, "x", StringComparison.Ordinal), UriKind.Absolute, out var parsed)
            || parsed.Scheme is not ("http" or "https"))
        {
            Error("statements.appealUrl", "must be an absolute http(s) URL (it may contain {statementId})");
        }
        var termsUrl = OptionalString(section, "statements", "termsUrl") ?? fallback.TermsUrl;
        var contentType = OptionalStringList(section, "statements", "contentType", allowEmpty: false) ?? [.. fallback.ContentType];
        foreach (var type in contentType.Where(t => !TransparencyVocabulary.ContentTypes.Contains(t)))
        {
            Error("statements.contentType", $"unknown '{type}' (expected one of {string.Join(", ", TransparencyVocabulary.ContentTypes)})");
        }

        var categories = new Dictionary<SignalCategory, StatementCategoryMapping>(fallback.Categories);
        if (section.TryGetProperty("categories", out var element) && ExpectObject(element, "statements.categories", [.. SignalCategoryNames.All]))
        {
            foreach (var property in element.EnumerateObject())
            {
                if (SignalCategoryNames.TryParse(property.Name, out var category) && ReadMapping(property.Value, "statements.categories." + property.Name) is { } mapping)
                {
                    categories[category.Value] = mapping;
                }
            }
        }
        var timeout = OptionalString(section, "statements", "appealTimeoutOutcome") ?? fallback.AppealTimeoutOutcome;
        if (timeout is not (Appeals.AppealOutcomes.Uphold or Appeals.AppealOutcomes.Overturn))
        {
            Error("statements.appealTimeoutOutcome", $"unknown '{timeout}' (expected 'uphold' or 'overturn')");
        }
        return new StatementPolicy(scope.AsReadOnly(), months, appealUrl, termsUrl, contentType.AsReadOnly(), categories.AsReadOnly(), timeout);
    }

    private StatementCategoryMapping? ReadMapping(JsonElement element, string path)
    {
        if (!ExpectObject(element, path, "category", "ground", "clause", "alsoIllegal"))
        {
            return null;
        }
        var category = RequiredString(element, path, "category");
        var ground = RequiredString(element, path, "ground");
        var clause = RequiredString(element, path, "clause");
        if (category is not null && !TransparencyVocabulary.Categories.Contains(category))
        {
            Error(path + ".category", $"unknown '{category}' (expected one of {string.Join(", ", TransparencyVocabulary.Categories)})");
            return null;
        }
        if (ground is not null && !TransparencyVocabulary.Grounds.Contains(ground))
        {
            Error(path + ".ground", $"unknown '{ground}' (expected {TransparencyVocabulary.GroundIncompatible} or {TransparencyVocabulary.GroundIllegal})");
            return null;
        }
        if (clause is { Length: > 500 })
        {
            Error(path + ".clause", "at most 500 characters (the Transparency Database's limit)");
            return null;
        }
        var alsoIllegal = false;
        if (element.TryGetProperty("alsoIllegal", out var a))
        {
            if (a.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Error(path + ".alsoIllegal", "must be true or false");
                return null;
            }
            alsoIllegal = a.GetBoolean();
        }
        return category is null || ground is null || clause is null ? null : new StatementCategoryMapping(category, ground, clause, alsoIllegal);
    }
}
