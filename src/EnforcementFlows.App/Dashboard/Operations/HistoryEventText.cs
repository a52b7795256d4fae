using System.Globalization;
using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.History;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>
/// One Durable Task Framework history event, as JSON from the task hub (DTFx's own serialisation: a <c>$type</c> and
/// its data members), in words. Unknown fields are left out rather than guessed.
/// </summary>
internal sealed record HistoryEventText(string Time, string Kind, string Summary, string? Payload)
{
    public static HistoryEventText Of(JsonElement e)
    {
        var kind = KindOf(e);
        var time = Text(e, "Timestamp") ?? "";
        string? S(string name) => Text(e, name);
        var (summary, payload) = kind switch
        {
            "ExecutionStarted" => ($"{S("Name")}{(S("Version") is { Length: > 0 } v ? " v" + v : "")}", S("Input")),
            "TaskScheduled" => ($"activity {S("Name")}, task {S("EventId")}", S("Input")),
            "TaskCompleted" => ($"task {S("TaskScheduledId")} completed", S("Result")),
            "TaskFailed" => ($"task {S("TaskScheduledId")} failed: {Failure(e) ?? S("Reason")}", null),
            "TimerCreated" => ($"timer {S("EventId")} fires at {S("FireAt")}", null),
            "TimerFired" => ($"timer {S("TimerId")} fired", null),
            "SubOrchestrationInstanceCreated" => ($"sub-orchestration {S("Name")} as {S("InstanceId")}, task {S("EventId")}", S("Input")),
            "SubOrchestrationInstanceCompleted" => ($"sub-orchestration task {S("TaskScheduledId")} completed", S("Result")),
            "SubOrchestrationInstanceFailed" => ($"sub-orchestration task {S("TaskScheduledId")} failed: {Failure(e) ?? S("Reason")}", null),
            "EventRaised" => ($"event {S("Name")}", S("Input")),
            "EventSent" => ($"event {S("Name")} sent to {S("InstanceId")}", S("Input")),
            "ExecutionSuspended" or "ExecutionResumed" or "ExecutionTerminated" => (S("Reason") ?? S("Input") ?? "", null),
            "ExecutionCompleted" => ($"{Status(e)}{(Failure(e) is { } f ? ": " + f : "")}", S("Result")),
            "ContinueAsNew" => ("continued as new", S("Result")),
            "OrchestratorStarted" => ("turn started", null),
            "OrchestratorCompleted" => ("turn ended", null),
            _ => ("", null),
        };
        return new HistoryEventText(time, kind, summary, payload);
    }

    /// <summary>"DurableTask.Core.History.TaskScheduledEvent, DurableTask.Core" → "TaskScheduled"; else the EventType.</summary>
    private static string KindOf(JsonElement e)
    {
        var type = Text(e, "$type");
        if (type is not null)
        {
            var name = type.Split(',')[0];
            name = name[(name.LastIndexOf('.') + 1)..];
            return name.EndsWith("Event", StringComparison.Ordinal) && name.Length > 5 ? name[..^5] : name;
        }
        if (e.TryGetProperty("EventType", out var t))
        {
            return t.ValueKind == JsonValueKind.Number && Enum.IsDefined(typeof(EventType), t.GetInt32()) ? ((EventType)t.GetInt32()).ToString() : t.ToString();
        }
        return "event";
    }

    private static string Status(JsonElement e) => e.TryGetProperty("OrchestrationStatus", out var s)
        ? s.ValueKind == JsonValueKind.Number && Enum.IsDefined(typeof(OrchestrationStatus), s.GetInt32()) ? ((OrchestrationStatus)s.GetInt32()).ToString() : s.ToString()
        : "";

    private static string? Failure(JsonElement e) => e.TryGetProperty("FailureDetails", out var f) && f.ValueKind == JsonValueKind.Object
        ? $"{Text(f, "ErrorType")}: {Text(f, "ErrorMessage")}"
        : null;

    private static string? Text(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
        {
            return null;
        }
        return v.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => v.GetRawText(),
        };
    }
}
