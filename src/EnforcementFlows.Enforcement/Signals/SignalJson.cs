using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnforcementFlows.Enforcement.Signals;

/// <summary>
/// Serializer settings that write signals in their wire shape (camelCase fields, snake_case categories),
/// so a signal stored or forwarded by a host reads back through <see cref="SignalJsonReader"/> unchanged.
/// </summary>
public static class SignalJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter<SignalCategory>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static byte[] Write(UserReport report) => JsonSerializer.SerializeToUtf8Bytes(report, Options);

    public static byte[] Write(DetectorFlag flag) => JsonSerializer.SerializeToUtf8Bytes(flag, Options);

    public static byte[] Write(IReadOnlyList<DetectorFlag> batch) => JsonSerializer.SerializeToUtf8Bytes(batch, Options);
}
