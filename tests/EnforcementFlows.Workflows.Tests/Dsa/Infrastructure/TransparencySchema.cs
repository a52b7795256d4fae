using System.Text.Json;
using Json.Schema;

namespace EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;

/// <summary>infra/transparency-database/statements.schema.json, loaded for validation: the whole batch, or one statement.</summary>
public static class TransparencySchema
{
    private static readonly string File = Path.Combine(AppContext.BaseDirectory, "Dsa", "statements.schema.json");

    public static JsonSchema Batch { get; } = JsonSchema.FromText(System.IO.File.ReadAllText(File));

    /// <summary>The <c>$defs/statement</c> part as a schema of its own (it has no references).</summary>
    public static JsonSchema Statement { get; } = JsonSchema.FromText(
        JsonDocument.Parse(System.IO.File.ReadAllText(File)).RootElement.GetProperty("$defs").GetProperty("statement").GetRawText(),
        baseUri: new Uri("https://enforcementflows.example/infra/transparency-database/statement.schema.json"));

    /// <summary>The schema's complaints about <paramref name="instance"/> (empty when valid).</summary>
    public static IReadOnlyList<string> Errors(JsonSchema schema, JsonElement instance)
    {
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }
        return (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).DefaultIfEmpty("invalid").ToList();
    }
}
