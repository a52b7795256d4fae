using System.Text;
using System.Text.Json.Nodes;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Tests.Policy;

/// <summary>Builds small valid policy documents that individual tests break in one place.</summary>
internal static class PolicyFiles
{
    public static JsonObject Minimal()
    {
        var categories = new JsonObject();
        foreach (var name in SignalCategoryNames.All)
        {
            categories[name] = new JsonObject
            {
                ["thresholds"] = new JsonArray(
                    new JsonObject { ["minScore"] = 0.5, ["outcome"] = "restrict", ["approval"] = "required" },
                    new JsonObject { ["minScore"] = 0.9, ["outcome"] = "ban", ["approval"] = "required" }),
            };
        }

        return new JsonObject
        {
            ["version"] = "test-1",
            ["protectedTiers"] = new JsonArray("verified"),
            ["defaults"] = new JsonObject
            {
                ["approvers"] = new JsonObject { ["primary"] = new JsonArray("a@example.org"), ["secondary"] = new JsonArray("b@example.org") },
                ["deadlines"] = new JsonObject { ["reminderAfter"] = "PT1H", ["escalateAfter"] = "PT2H", ["timeoutAfter"] = "PT3H", ["timeoutOutcome"] = "dismiss" },
            },
            ["categories"] = categories,
        };
    }

    public static PolicyLoadResult Load(JsonNode document) => PolicyLoader.Load(Encoding.UTF8.GetBytes(document.ToJsonString()), PolicyFormat.Json);

    public static IReadOnlyList<string> Errors(JsonNode document) => Load(document).Errors.Select(e => e.ToString()).ToList();
}
