using System.Text;
using System.Text.Json.Nodes;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Tests.Policy;

public class PolicyLoaderTests
{
    [Fact]
    public void Load_MinimalPolicy_Succeeds()
    {
        var result = PolicyFiles.Load(PolicyFiles.Minimal());

        Assert.Empty(result.Errors);
        Assert.Equal("test-1", result.Policy!.VersionLabel);
        Assert.Equal(12, result.Policy.Categories.Count);
    }

    [Fact]
    public void Load_UnknownOutcome_NamesThePath()
    {
        var doc = PolicyFiles.Minimal();
        doc["categories"]!["hate"]!["thresholds"]![1]!["outcome"] = "nuke";

        Assert.Contains(
            "categories.hate.thresholds[1].outcome: unknown 'nuke' (expected dismiss, warn, restrict, suspend or ban)",
            PolicyFiles.Errors(doc));
    }

    [Fact]
    public void Load_SeveralProblems_ReportsEveryOneWithItsPath()
    {
        var doc = PolicyFiles.Minimal();
        doc.Remove("version");
        var spam = doc["categories"]!["spam"]!["thresholds"]!;
        spam[0]!["minScore"] = 0.95;
        spam[1]!["approval"] = "automatic";
        doc["categories"]!["malware"]!["thresholds"]![0]!["outcome"] = "suspend";
        doc["categories"]!["scam_fraud"]!["treshold"] = new JsonArray();
        ((JsonObject)doc["categories"]!).Remove("other");
        doc["categories"]!["nonsense"] = new JsonObject();

        var errors = PolicyFiles.Errors(doc);

        Assert.Contains("version: required", errors);
        Assert.Contains("categories.spam.thresholds[1].minScore: must be greater than the previous threshold's 0.95", errors);
        Assert.Contains("categories.spam.thresholds[1].approval: a ban always needs human approval", errors);
        Assert.Contains("categories.malware.thresholds[0].duration: required for suspend", errors);
        Assert.Contains(errors, e => e.StartsWith("categories.scam_fraud.treshold: unknown field", StringComparison.Ordinal));
        Assert.Contains("categories.other: missing (every category needs thresholds)", errors);
        Assert.Contains(errors, e => e.StartsWith("categories.nonsense: unknown category", StringComparison.Ordinal));
        Assert.Equal(7, errors.Count);
    }

    [Fact]
    public void Load_BadDeadlinesAndRosters_AreReported()
    {
        var doc = PolicyFiles.Minimal();
        doc["defaults"]!["deadlines"] = new JsonObject
        {
            ["reminderAfter"] = "PT3H",
            ["escalateAfter"] = "PT2H",
            ["timeoutAfter"] = "soon",
            ["timeoutOutcome"] = "ban",
        };
        doc["defaults"]!["approvers"] = new JsonObject { ["primary"] = new JsonArray("a", "a"), ["secondary"] = new JsonArray("a") };

        var errors = PolicyFiles.Errors(doc);

        Assert.Contains("defaults.deadlines.escalateAfter: must be later than reminderAfter", errors);
        Assert.Contains("defaults.deadlines.timeoutAfter: 'soon' is not a positive ISO-8601 duration such as P7D or PT4H", errors);
        Assert.Contains("defaults.deadlines.timeoutOutcome: a ban can never be applied because nobody answered", errors);
        Assert.Contains("defaults.approvers.primary[1]: duplicate 'a'", errors);
        Assert.Contains(errors, e => e.StartsWith("defaults.approvers.secondary: 'a' is also a primary approver", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_NoDefaultsAndNoCategoryRoster_AsksForIt()
    {
        var doc = PolicyFiles.Minimal();
        doc.Remove("defaults");

        var errors = PolicyFiles.Errors(doc);

        Assert.Contains("categories.spam.approvers: required (and no defaults.approvers)", errors);
        Assert.Contains("categories.spam.deadlines: required (and no defaults.deadlines)", errors);
    }

    [Fact]
    public void Load_ChildSafetyAutomatic_IsRejected()
    {
        var doc = PolicyFiles.Minimal();
        doc["categories"]!["child_safety"]!["thresholds"]![0]!["approval"] = "automatic";

        Assert.Contains("categories.child_safety.thresholds[0].approval: child_safety outcomes always escalate to human approval", PolicyFiles.Errors(doc));
    }

    [Theory]
    [InlineData("{", "$: not valid JSON")]
    [InlineData("[]", "$: must be an object")]
    [InlineData("""{"version":"x","categories":[]}""", "categories: must be an object keyed by category")]
    public void Load_WrongShape_ReportsAtRoot(string json, string expectedPrefix)
    {
        var result = PolicyLoader.Load(Encoding.UTF8.GetBytes(json), PolicyFormat.Json);

        Assert.Null(result.Policy);
        Assert.StartsWith(expectedPrefix, result.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ThresholdScoreOutOfRangeAndDurationOnWarn_Reported()
    {
        var doc = PolicyFiles.Minimal();
        doc["categories"]!["spam"]!["thresholds"] = new JsonArray(
            new JsonObject { ["minScore"] = 1.5, ["outcome"] = "warn", ["approval"] = "automatic" },
            new JsonObject { ["minScore"] = 0.1, ["outcome"] = "warn", ["duration"] = "P1D", ["approval"] = "sometimes" });

        var errors = PolicyFiles.Errors(doc);

        Assert.Contains("categories.spam.thresholds[0].minScore: must be a number between 0 and 1", errors);
        Assert.Contains("categories.spam.thresholds[1].duration: not allowed for warn", errors);
        Assert.Contains("categories.spam.thresholds[1].approval: unknown 'sometimes' (expected 'automatic' or 'required')", errors);
    }

    [Fact]
    public void LoadOrThrow_Invalid_ThrowsWithEveryError()
    {
        var doc = PolicyFiles.Minimal();
        doc.Remove("version");
        doc["categories"]!["hate"]!["thresholds"]![1]!["outcome"] = "nuke";

        var ex = Assert.Throws<PolicyLoadException>(() => PolicyLoader.LoadOrThrow(Encoding.UTF8.GetBytes(doc.ToJsonString()), PolicyFormat.Json));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("categories.hate.thresholds[1].outcome", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_IsSha256OfCanonicalBytes_IgnoringBomAndLineEndings()
    {
        var lf = Encoding.UTF8.GetBytes(PolicyFiles.Minimal().ToJsonString(new() { WriteIndented = true }).ReplaceLineEndings("\n"));
        var crlfWithBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(lf).Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();

        var a = PolicyLoader.LoadOrThrow(lf, PolicyFormat.Json);
        var b = PolicyLoader.LoadOrThrow(crlfWithBom, PolicyFormat.Json);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(lf)), a.Hash);
        Assert.Equal(a.Hash, b.Hash);
    }

    [Fact]
    public void Hash_ChangesWhenContentChanges()
    {
        var doc = PolicyFiles.Minimal();
        var before = PolicyFiles.Load(doc).Policy!.Hash;
        doc["categories"]!["spam"]!["thresholds"]![0]!["minScore"] = 0.51;

        Assert.NotEqual(before, PolicyFiles.Load(doc).Policy!.Hash);
    }

    [Fact]
    public void Load_Yaml_GivesTheSameModelAsJson()
    {
        var categories = string.Join("\n", SignalCategoryNames.All.Select(c =>
            $"  {c}:\n    thresholds:\n      - {{ minScore: 0.5, outcome: restrict, approval: required }}\n      - {{ minScore: 0.9, outcome: ban, approval: required }}"));
        var yaml = $"""
            version: "test-1"
            protectedTiers: [verified]
            defaults:
              approvers: {"{"} primary: [a@example.org], secondary: [b@example.org] {"}"}
              deadlines:
                reminderAfter: PT1H
                escalateAfter: PT2H
                timeoutAfter: PT3H
                timeoutOutcome: dismiss
            categories:
            {categories}
            """;

        var fromYaml = PolicyLoader.Load(Encoding.UTF8.GetBytes(yaml), PolicyFormat.Yaml);
        var fromJson = PolicyFiles.Load(PolicyFiles.Minimal()).Policy!;

        Assert.Empty(fromYaml.Errors);
        Assert.Equal(fromJson.VersionLabel, fromYaml.Policy!.VersionLabel);
        Assert.Equal(fromJson.ProtectedTiers, fromYaml.Policy.ProtectedTiers);
        Assert.Equal(fromJson.Categories[SignalCategory.Hate].Thresholds, fromYaml.Policy.Categories[SignalCategory.Hate].Thresholds);
        Assert.Equal(fromJson.Categories[SignalCategory.Hate].Deadlines, fromYaml.Policy.Categories[SignalCategory.Hate].Deadlines);
    }

    [Fact]
    public void Load_BrokenYaml_ReportsPathsLikeJson()
    {
        var result = PolicyLoader.Load(Encoding.UTF8.GetBytes("version: 1\ncategories:\n  hate:\n    thresholds:\n      - { minScore: '0.5', outcome: nuke }\n"), PolicyFormat.Yaml);
        var errors = result.Errors.Select(e => e.ToString()).ToList();

        Assert.Contains("version: must be a non-empty string", errors);
        Assert.Contains("categories.hate.thresholds[0].minScore: must be a number between 0 and 1", errors);
        Assert.Contains(errors, e => e.StartsWith("categories.hate.thresholds[0].outcome: unknown 'nuke'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_InvalidYamlSyntax_IsSingleRootError()
    {
        var result = PolicyLoader.Load(Encoding.UTF8.GetBytes("version: [unclosed\n"), PolicyFormat.Yaml);

        Assert.StartsWith("$: not valid YAML", Assert.Single(result.Errors).ToString(), StringComparison.Ordinal);
    }
}
