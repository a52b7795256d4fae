using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using EnforcementFlows.Durable;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Enforcement.Workflows;

namespace EnforcementFlows.App.Functions;

/// <summary>
/// Timer invocations from the Functions host: it POSTs { Data, Metadata } to /{FunctionName} and
/// expects { Outputs, Logs, ReturnValue }. Mapped only in functions mode, so a normal deployment
/// answers 404; the host reaches them on its loopback port and never forwards these paths from
/// outside (no HTTP function's route covers them).
/// </summary>
public static class CustomHandlerApi
{
    /// <summary>Pascal-cased on the wire as the custom handler protocol documents (the app's JSON default is camelCase).</summary>
    public sealed record InvocationResponse(
        [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
        [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
        [property: JsonPropertyName("ReturnValue")] object? ReturnValue);

    public static IEndpointRouteBuilder MapCustomHandlerInvocations(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").AllowAnonymous().ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
                // Belt and braces: only the co-located host may invoke timers, whatever the listening address.
                context.HttpContext.Connection.RemoteIpAddress is { } ip && !IPAddress.IsLoopback(ip)
                    ? Results.NotFound()
                    : await next(context));
        group.MapPost($"/{FunctionTable.SweepFunction}", Sweep);
        group.MapPost($"/{FunctionTable.DrainFunction}", Drain);
        return endpoints;
    }

    /// <summary>
    /// Makes sure the singleton sweep runs: starting a running instance changes nothing, and a
    /// failed or terminated one is started afresh. The sweep keeps its own interval once running.
    /// </summary>
    private static async Task<IResult> Sweep(HttpRequest request, DurableClient client, CancellationToken ct)
    {
        var logs = new List<string> { Describe(await ReadInvocationAsync(request, ct)) };
        var before = await client.GetInstanceAsync(SweepWorkflow.InstanceId, ct);
        await client.ScheduleNewOrchestrationInstanceAsync(SweepWorkflow.Name, 0, SweepWorkflow.InstanceId, ct);
        logs.Add(before is not null && !before.Status.IsTerminal()
            ? $"Sweep instance '{SweepWorkflow.InstanceId}' is {before.Status}; left as is."
            : $"Sweep instance '{SweepWorkflow.InstanceId}' was {before?.Status.ToString() ?? "absent"}; started.");
        return TypedResults.Ok(new InvocationResponse([], logs, null));
    }

    /// <summary>
    /// Waking the instance is the point: the in-process durable worker (a hosted service) claims due
    /// work as soon as the process runs. This reports what was due so the host's log shows it.
    /// </summary>
    private static async Task<IResult> Drain(HttpRequest request, IDurableStore store, TimeProvider time, CancellationToken ct)
    {
        var logs = new List<string> { Describe(await ReadInvocationAsync(request, ct)) };
        var next = await store.GetNextWakeUpAsync(ct);
        var now = time.GetUtcNow();
        logs.Add(next switch
        {
            null => "No durable timers or leases pending.",
            { } at when at <= now => $"Durable work was due at {at:O}; the worker in this instance claims it now.",
            { } at => $"Next durable work is due at {at:O} (in {(at - now).TotalSeconds:F0} s).",
        });
        return TypedResults.Ok(new InvocationResponse([], logs, null));
    }

    /// <summary>The host's payload is informational here; a missing or odd body must not fail the timer.</summary>
    private static async Task<JsonElement?> ReadInvocationAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(JsonElement? invocation)
    {
        var pastDue = invocation is { ValueKind: JsonValueKind.Object } body
            && body.TryGetProperty("Data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("timer", out var timer) && timer.ValueKind == JsonValueKind.Object
            && timer.TryGetProperty("IsPastDue", out var late) && late.ValueKind == JsonValueKind.True;
        return pastDue ? "Timer invocation (past due)." : "Timer invocation.";
    }
}
