using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// The JSON of what a case records about itself (its assessment row). Camel case, nulls left out, enums as names:
/// the options rows written since version 1 were written with, so older rows read back the same.
/// </summary>
internal static class RecordedJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json)
        => JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"Recorded {typeof(T).Name} is empty.");
}
