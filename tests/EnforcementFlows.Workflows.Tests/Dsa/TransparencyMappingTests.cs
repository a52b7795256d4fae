using System.Text.Json;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Statements;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;

namespace EnforcementFlows.Workflows.Tests.Dsa;

/// <summary>The connector's mapping against the schema written from the Database's documentation, for every action and ground.</summary>
public class TransparencyMappingTests
{
    private static readonly EnforcementPolicy Policy = DefaultPolicy.Load();

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "restrict", DecisionPaths.Automatic, TransparencyVocabulary.GroundIncompatible },
        { "suspend", DecisionPaths.Human, TransparencyVocabulary.GroundIncompatible },
        { "ban", DecisionPaths.Human, TransparencyVocabulary.GroundIllegal },
        { "restrict", DecisionPaths.Timeout, TransparencyVocabulary.GroundIllegal },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_action_and_ground_maps_to_a_statement_the_schema_accepts(string action, string path, string ground)
    {
        var kind = action switch
        {
            "restrict" => EnforcementAction.Restrict(TimeSpan.FromDays(3)),
            "suspend" => EnforcementAction.Suspend(TimeSpan.FromDays(7)),
            _ => EnforcementAction.Ban(),
        };
        var at = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        var statements = Policy.Statements with
        {
            Categories = new Dictionary<SignalCategory, StatementCategoryMapping> { [SignalCategory.Hate] = new("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", ground, "§ 130 StGB") },
        };
        var s = StatementBuilder.Build(new StatementFacts(new AppliedAction("act_1", "case_1", "acct-1", kind, at, "hate: 0.9", Policy.Hash), "sor_0123abcd",
            SignalCategory.Hate, [new StatementSignal(SignalKind.Report, "hate", at.AddDays(-1))], path, path == DecisionPaths.Human ? ["a@example.org"] : []), null);
        s = s with { Ground = s.Ground with { DecisionGround = ground, Clause = "§ 130 StGB" } };

        var mapped = JsonSerializer.SerializeToElement(TransparencyStatementMapper.Map(s, statements));

        Assert.Empty(TransparencySchema.Errors(TransparencySchema.Statement, mapped));
        Assert.Equal(path == DecisionPaths.Human ? "AUTOMATED_DECISION_PARTIALLY" : "AUTOMATED_DECISION_FULLY", mapped.GetProperty("automated_decision").GetString());
        Assert.Equal("SOURCE_ARTICLE_16", mapped.GetProperty("source_type").GetString());
        Assert.Equal("2026-12-02", mapped.GetProperty("content_date").GetString());
        Assert.Equal("2026-12-03", mapped.GetProperty("application_date").GetString());
        Assert.Equal(ground == TransparencyVocabulary.GroundIllegal, mapped.TryGetProperty("illegal_content_legal_ground", out _));
    }

    [Fact]
    public void A_warning_is_not_submitted()
    {
        var at = DateTimeOffset.UnixEpoch;
        var s = StatementBuilder.Build(new StatementFacts(new AppliedAction("a", "c", "x", EnforcementAction.Warn(), at, "r", "h"), "sor_1", SignalCategory.Spam, [],
            DecisionPaths.Automatic, []), Policy);

        Assert.False(TransparencyStatementMapper.IsSubmittable(s));
    }

    [Fact]
    public void The_schema_refuses_what_the_database_refuses()
    {
        var bad = JsonSerializer.Deserialize<JsonElement>("""
            {"decision_ground":"DECISION_GROUND_INCOMPATIBLE_CONTENT","content_type":["CONTENT_TYPE_TEXT"],"category":"STATEMENT_CATEGORY_SPAM",
             "content_date":"2026-12-01","application_date":"03/12/2026","decision_facts":"x","source_type":"SOURCE_VOLUNTARY",
             "automated_detection":"maybe","automated_decision":"AUTOMATED_DECISION_FULLY","puid":"has space"}
            """);

        var errors = string.Join("\n", TransparencySchema.Errors(TransparencySchema.Statement, bad));

        foreach (var field in new[] { "/category", "/application_date", "/automated_detection", "/puid" })
        {
            Assert.Contains(field, errors, StringComparison.Ordinal);
        }
        Assert.NotEmpty(TransparencySchema.Errors(TransparencySchema.Batch, JsonSerializer.Deserialize<JsonElement>("""{"statements":[]}""")));
    }
}
