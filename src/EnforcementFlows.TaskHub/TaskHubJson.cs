using DurableTask.Core;
using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace EnforcementFlows.TaskHub;

/// <summary>
/// DTFx's own JSON conventions for what the task hub stores: Newtonsoft.Json (DTFx's data contracts)
/// with the history event's concrete type written as <c>$type</c>, as DTFx's providers do. Type names
/// are read back only for DTFx's own types and string collections, so a tampered row cannot make the
/// reader instantiate anything else.
/// </summary>
public static class TaskHubJson
{
    public static JsonSerializerSettings Settings { get; } = new()
    {
        TypeNameHandling = TypeNameHandling.Auto,
        SerializationBinder = new DurableTypesOnlyBinder(),
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        NullValueHandling = NullValueHandling.Ignore,
        // Several DTFx events keep their parameterless constructor private for serializers.
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
    };

    public static string Serialize(TaskMessage message) => JsonConvert.SerializeObject(message, Settings);

    public static TaskMessage DeserializeMessage(string json) =>
        JsonConvert.DeserializeObject<TaskMessage>(json, Settings) ?? throw new InvalidDataException("A stored task message is empty");

    public static string Serialize(HistoryEvent historyEvent) => JsonConvert.SerializeObject(historyEvent, typeof(HistoryEvent), Settings);

    public static HistoryEvent DeserializeEvent(string json) =>
        JsonConvert.DeserializeObject<HistoryEvent>(json, Settings) ?? throw new InvalidDataException("A stored history event is empty");

    /// <summary>A whole history as one JSON array (what <c>GetOrchestrationHistoryAsync</c> returns).</summary>
    public static string SerializeHistory(IReadOnlyList<HistoryEvent> events) => JsonConvert.SerializeObject(events, typeof(IList<HistoryEvent>), Settings);

    public static IList<HistoryEvent> DeserializeHistory(string json) =>
        JsonConvert.DeserializeObject<IList<HistoryEvent>>(json, Settings) ?? [];

    public static string? SerializeValue<T>(T? value) => value is null ? null : JsonConvert.SerializeObject(value, Settings);

    public static T? DeserializeValue<T>(string? json) => json is null ? default : JsonConvert.DeserializeObject<T>(json, Settings);

    private sealed class DurableTypesOnlyBinder : ISerializationBinder
    {
        private static readonly System.Reflection.Assembly DurableCore = typeof(HistoryEvent).Assembly;
        private readonly DefaultSerializationBinder _inner = new();

        public Type BindToType(string? assemblyName, string typeName)
        {
            var type = _inner.BindToType(assemblyName, typeName);
            if (IsAllowed(type))
            {
                return type;
            }
            throw new JsonSerializationException($"Type '{typeName}' is not a Durable Task type; the task hub does not read it");
        }

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) =>
            _inner.BindToName(serializedType, out assemblyName, out typeName);

        private static bool IsAllowed(Type type)
        {
            if (type.Assembly == DurableCore)
            {
                return true;
            }
            if (type.IsGenericType)
            {
                var definition = type.GetGenericTypeDefinition();
                var collection = definition == typeof(Dictionary<,>) || definition == typeof(List<>);
                return collection && type.GetGenericArguments().All(a => a == typeof(string) || IsAllowed(a));
            }
            return type == typeof(string);
        }
    }
}
