using System.Text.Json.Nodes;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Statements;
using EnforcementFlows.Enforcement.Tests.Policy;

namespace EnforcementFlows.Enforcement.Tests.Statements;

/// <summary>The policy file's mapping of our categories to the Transparency Database's values.</summary>
public class StatementMappingTests
{
    [Fact]
    public void Shipped_policy_maps_every_category_to_values_the_database_accepts()
    {
        var statements = DefaultPolicy.Load().Statements;

        foreach (var name in SignalCategoryNames.All)
        {
            SignalCategoryNames.TryParse(name, out var category);
            var mapping = statements.For(category!.Value);
            Assert.Contains(mapping.Category, TransparencyVocabulary.Categories);
            Assert.Contains(mapping.Ground, TransparencyVocabulary.Grounds);
            Assert.False(string.IsNullOrWhiteSpace(mapping.Clause));
        }
        Assert.Equal(6, statements.AppealWindowMonths);
        Assert.All(statements.ContentType, t => Assert.Contains(t, TransparencyVocabulary.ContentTypes));
    }

    [Fact]
    public void Shipped_policy_spells_out_the_same_mapping_as_the_built_in_default()
    {
        var shipped = DefaultPolicy.Load().Statements;

        Assert.Equal(StatementPolicy.Default.Categories.OrderBy(p => p.Key), shipped.Categories.OrderBy(p => p.Key));
        Assert.Equal(StatementPolicy.Default.TerritorialScope, shipped.TerritorialScope);
    }

    [Fact]
    public void A_file_without_the_section_gets_the_default_mapping()
    {
        var policy = PolicyFiles.Load(PolicyFiles.Minimal()).Policy!;

        Assert.Same(StatementPolicy.Default, policy.Statements);
    }

    [Fact]
    public void A_file_overrides_one_category_and_keeps_the_defaults_for_the_rest()
    {
        var doc = PolicyFiles.Minimal();
        doc["statements"] = new JsonObject
        {
            ["territorialScope"] = new JsonArray("DE", "AT"),
            ["appealWindowMonths"] = 12,
            ["appealUrl"] = "https://example.com/appeal?id={statementId}",
            ["categories"] = new JsonObject
            {
                ["hate"] = new JsonObject { ["category"] = "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", ["ground"] = "DECISION_GROUND_ILLEGAL_CONTENT", ["clause"] = "StGB §130" },
            },
        };

        var statements = PolicyFiles.Load(doc).Policy!.Statements;

        Assert.Equal(["DE", "AT"], statements.TerritorialScope);
        Assert.Equal(12, statements.AppealWindowMonths);
        Assert.Equal(new Uri("https://example.com/appeal?id=sor_1"), statements.AppealLink("sor_1"));
        Assert.Equal(new StatementCategoryMapping("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", TransparencyVocabulary.GroundIllegal, "StGB §130"),
            statements.For(SignalCategory.Hate));
        Assert.Equal(StatementPolicy.Default.For(SignalCategory.Spam), statements.For(SignalCategory.Spam));
    }

    [Fact]
    public void Values_the_database_would_reject_fail_at_load_with_their_paths()
    {
        var doc = PolicyFiles.Minimal();
        doc["statements"] = new JsonObject
        {
            ["territorialScope"] = new JsonArray("US"),
            ["appealWindowMonths"] = 3,
            ["appealUrl"] = "not a url",
            ["contentType"] = new JsonArray("CONTENT_TYPE_HOLOGRAM"),
            ["categories"] = new JsonObject
            {
                ["spam"] = new JsonObject { ["category"] = "STATEMENT_CATEGORY_SPAM", ["ground"] = "DECISION_GROUND_INCOMPATIBLE_CONTENT", ["clause"] = "x" },
                ["hate"] = new JsonObject { ["category"] = "STATEMENT_CATEGORY_VIOLENCE", ["ground"] = "DECISION_GROUND_VIBES", ["clause"] = "x" },
                ["nope"] = new JsonObject(),
            },
            ["colour"] = "blue",
        };

        var errors = PolicyFiles.Errors(doc);

        Assert.Contains(errors, e => e.StartsWith("statements.territorialScope: 'US'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("statements.appealWindowMonths: must be a whole number of months from 6", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("statements.appealUrl:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("statements.contentType: unknown 'CONTENT_TYPE_HOLOGRAM'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("statements.categories.spam.category: unknown 'STATEMENT_CATEGORY_SPAM'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("statements.categories.hate.ground: unknown 'DECISION_GROUND_VIBES'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("statements.categories.nope: unknown field", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("statements.colour: unknown field", StringComparison.Ordinal));
    }
}
