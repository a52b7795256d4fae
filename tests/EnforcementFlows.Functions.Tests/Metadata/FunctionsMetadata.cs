using System.Text.Json;
using EnforcementFlows.Functions.Tests.Infrastructure;

namespace EnforcementFlows.Functions.Tests.Metadata;

/// <summary>One function of the generated functions.metadata: its entry point and its bindings.</summary>
internal sealed record FunctionEntry(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<JsonElement> Bindings)
{
    public IEnumerable<string> BindingTypes => Bindings.Select(b => b.GetProperty("type").GetString()!);

    public JsonElement Binding(string type) => Bindings.Single(b => b.GetProperty("type").GetString() == type);
}

internal static class FunctionsMetadata
{
    /// <summary>Reads functions.metadata as the Functions SDK wrote it into the app's build output.</summary>
    public static IReadOnlyDictionary<string, FunctionEntry> Read(string? directory = null)
    {
        var path = Path.Combine(directory ?? BuildPaths.FunctionsOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the Functions SDK did not generate it.");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.EnumerateArray().Select(f => new FunctionEntry(
                f.GetProperty("name").GetString()!,
                f.GetProperty("scriptFile").GetString()!,
                f.GetProperty("entryPoint").GetString()!,
                f.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToList()))
            .ToDictionary(f => f.Name, StringComparer.Ordinal);
    }
}
