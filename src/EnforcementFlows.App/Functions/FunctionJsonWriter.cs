using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnforcementFlows.App.Functions;

/// <summary>Writes &lt;Name&gt;/function.json per table row, in the layout the Functions host indexes.</summary>
public static class FunctionJsonWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IReadOnlyList<string> Emit(IEnumerable<FunctionDefinition> functions, string outputDirectory)
    {
        var written = new List<string>();
        foreach (var function in functions)
        {
            var folder = Path.Combine(outputDirectory, function.Name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "function.json");
            File.WriteAllText(path, ToJson(function).ToJsonString(Indented) + "\n");
            written.Add(path);
        }
        return written;
    }

    public static JsonObject ToJson(FunctionDefinition function) => new()
    {
        ["bindings"] = function.Trigger switch
        {
            // Anonymous at the host: the app authenticates every request itself (API keys, webhook
            // signatures, link tokens), and function keys would break the intake senders' URLs.
            FunctionTrigger.Http => new JsonArray(
                new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = "req",
                    ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray(function.Methods.Select(m => (JsonNode)JsonValue.Create(m)!).ToArray()),
                    ["route"] = function.Route,
                },
                // Only an http output may accompany the trigger, or the host stops forwarding the raw request.
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
            FunctionTrigger.Timer => new JsonArray(
                new JsonObject
                {
                    ["type"] = "timerTrigger",
                    ["direction"] = "in",
                    ["name"] = "timer",
                    ["schedule"] = function.Schedule,
                }),
            _ => throw new ArgumentOutOfRangeException(nameof(function), function.Trigger, "Unknown trigger."),
        },
    };
}
