using System.Text.Json;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Policy;

/// <summary>
/// Turns a parsed policy document into the model, collecting every problem with its path instead of
/// stopping at the first. Unknown fields are errors: a misspelt key silently ignored could change enforcement.
/// </summary>
internal sealed partial class PolicyReader
{
    private readonly List<PolicyError> _errors = [];

    public IReadOnlyList<PolicyError> Errors => _errors;

    public EnforcementPolicy? Read(JsonElement root, string hash)
    {
        if (!ExpectObject(root, "$", "version", "protectedTiers", "defaults", "categories", "statements"))
        {
            return null;
        }

        var version = RequiredString(root, string.Empty, "version");
        var protectedTiers = OptionalStringList(root, string.Empty, "protectedTiers", allowEmpty: true) ?? [];
        var (defaultRoster, defaultDeadlines) = ReadDefaults(root);
        var categories = ReadCategories(root, defaultRoster, defaultDeadlines);
        var statements = ReadStatements(root);

        // One policy instance is shared by every decision, so nothing reachable from it may be mutable.

        return _errors.Count == 0
            ? new EnforcementPolicy(version!, hash, new System.Collections.ObjectModel.ReadOnlySet<string>(protectedTiers.ToHashSet(StringComparer.Ordinal)), categories.AsReadOnly(), statements)
            : null;
    }

    private (ApproverRoster?, ApprovalDeadlines?) ReadDefaults(JsonElement root)
    {
        if (!root.TryGetProperty("defaults", out var defaults) || !ExpectObject(defaults, "defaults", "approvers", "deadlines"))
        {
            return (null, null);
        }

        var roster = defaults.TryGetProperty("approvers", out var a) ? ReadRoster(a, "defaults.approvers") : null;
        var deadlines = defaults.TryGetProperty("deadlines", out var d) ? ReadDeadlines(d, "defaults.deadlines") : null;
        return (roster, deadlines);
    }

    private Dictionary<SignalCategory, CategoryPolicy> ReadCategories(JsonElement root, ApproverRoster? defaultRoster, ApprovalDeadlines? defaultDeadlines)
    {
        var categories = new Dictionary<SignalCategory, CategoryPolicy>();
        if (!root.TryGetProperty("categories", out var element))
        {
            Error("categories", "required");
            return categories;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            Error("categories", "must be an object keyed by category");
            return categories;
        }

        foreach (var property in element.EnumerateObject())
        {
            var path = "categories." + property.Name;
            if (!SignalCategoryNames.TryParse(property.Name, out var category))
            {
                Error(path, $"unknown category (expected one of {string.Join(", ", SignalCategoryNames.All)})");
                continue;
            }

            var policy = ReadCategory(property.Value, path, category.Value, defaultRoster, defaultDeadlines);
            if (policy is not null)
            {
                categories[category.Value] = policy;
            }
        }

        // Every category must be decided explicitly; a silent fallback would hide a gap in the policy.
        foreach (var name in SignalCategoryNames.All)
        {
            if (!element.TryGetProperty(name, out _))
            {
                Error("categories." + name, "missing (every category needs thresholds)");
            }
        }

        return categories;
    }

    private void Error(string path, string message) => _errors.Add(new PolicyError(path, message));
}
