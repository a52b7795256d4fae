using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnforcementFlows.Durable;

/// <summary>How inputs, outputs, events and history are turned into text. One place, one set of options.</summary>
public static class JsonData
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string? Serialize(object? value)
        => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static T? Deserialize<T>(string? json)
        => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);

    public static object? Deserialize(string? json, Type type)
        => json is null ? (type.IsValueType ? Activator.CreateInstance(type) : null) : JsonSerializer.Deserialize(json, type, Options);

    public static string SerializeEvents(IReadOnlyList<HistoryEvent> events)
        => JsonSerializer.Serialize(events, Options);

    public static string SerializeEvent(HistoryEvent e) => JsonSerializer.Serialize(e, Options);

    public static HistoryEvent DeserializeEvent(string json)
        => JsonSerializer.Deserialize<HistoryEvent>(json, Options) ?? throw new InvalidDataException("Empty history event.");

    public static List<HistoryEvent> DeserializeEvents(string json)
        => JsonSerializer.Deserialize<List<HistoryEvent>>(json, Options) ?? [];
}
