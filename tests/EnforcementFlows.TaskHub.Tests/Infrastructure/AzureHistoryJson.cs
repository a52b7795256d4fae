using System.Runtime.CompilerServices;
using DurableTask.Core.History;
using Newtonsoft.Json.Linq;

namespace EnforcementFlows.TaskHub.Tests.Infrastructure;

/// <summary>
/// Reads the history JSON of Microsoft's Azure Storage provider. It writes each event without <c>$type</c>, naming
/// its kind only by <c>EventType</c>; this adds the concrete DTFx type for that kind and reads the array with
/// the same (DTFx-types-only) settings our backends' histories are read with.
/// </summary>
public static class AzureHistoryJson
{
    private static readonly Dictionary<EventType, Type> TypeOfKind = typeof(HistoryEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(HistoryEvent)) && !t.IsAbstract)
        .GroupBy(t => ((HistoryEvent)RuntimeHelpers.GetUninitializedObject(t)).EventType)
        .ToDictionary(g => g.Key, g => g.First());

    public static IList<HistoryEvent> Read(string json)
    {
        var events = JArray.Parse(json);
        foreach (var item in events.Cast<JObject>())
        {
            var kindToken = item["EventType"] ?? throw new InvalidDataException("An Azure Storage history event has no EventType");
            var kind = kindToken.Type == JTokenType.String ? Enum.Parse<EventType>(kindToken.Value<string>()!) : (EventType)kindToken.Value<int>();
            var type = TypeOfKind[kind];
            item.AddFirst(new JProperty("$type", $"{type.FullName}, {type.Assembly.GetName().Name}"));
        }
        return TaskHubJson.DeserializeHistory(events.ToString(Newtonsoft.Json.Formatting.None));
    }
}
