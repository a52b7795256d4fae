using EnforcementFlows.App.Security;
using EnforcementFlows.Durable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EnforcementFlows.App.Api;

/// <summary>Workflow instance management: analysts read, admins change.</summary>
public static class InstancesApi
{
    public sealed record InstanceDto(string InstanceId, string Name, string? Version, string Status, DateTimeOffset CreatedAt,
        DateTimeOffset LastUpdatedAt, DateTimeOffset? CompletedAt, string? CustomStatus, string? Output, TaskFailureDetails? Failure);

    public sealed record InstancePageDto(IReadOnlyList<InstanceDto> Instances, string? ContinuationToken);

    public sealed record ReasonDto(string? Reason);

    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder endpoints)
    {
        var read = endpoints.MapGroup("/api/instances").WithTags("Instances").RequireAuthorization(Roles.AtLeastAnalyst);
        read.MapGet("/", List);
        read.MapGet("/{id}", Get);
        read.MapGet("/{id}/history", History);

        var write = endpoints.MapGroup("/api/instances").WithTags("Instances").RequireAuthorization(Roles.AdminOnly);
        write.MapPost("/{id}/events/{name}", Raise);
        write.MapPost("/{id}/terminate", (string id, ReasonDto? body, DurableClient c, CancellationToken ct) => Act(() => c.TerminateInstanceAsync(id, body?.Reason, ct)));
        write.MapPost("/{id}/suspend", (string id, ReasonDto? body, DurableClient c, CancellationToken ct) => Act(() => c.SuspendInstanceAsync(id, body?.Reason, ct)));
        write.MapPost("/{id}/resume", (string id, ReasonDto? body, DurableClient c, CancellationToken ct) => Act(() => c.ResumeInstanceAsync(id, body?.Reason, ct)));
        write.MapDelete("/{id}", Purge);
        return endpoints;
    }

    private static async Task<Ok<InstancePageDto>> List(DurableClient client, [FromQuery] string? status, [FromQuery] string? name,
        [FromQuery] string? prefix, [FromQuery] int? pageSize, [FromQuery] string? continuation, CancellationToken ct)
    {
        var statuses = status?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Enum.TryParse<OrchestrationStatus>(s, ignoreCase: true, out var v) ? v : throw new BadRequestException($"Unknown status '{s}'."))
            .ToArray();
        var page = await client.QueryInstancesAsync(new InstanceQuery
        {
            Statuses = statuses,
            Name = name,
            InstanceIdPrefix = prefix,
            PageSize = pageSize ?? 50,
            ContinuationToken = continuation,
        }, ct);
        return TypedResults.Ok(new InstancePageDto(page.Instances.Select(ToDto).ToList(), page.ContinuationToken));
    }

    private static async Task<Results<Ok<InstanceDto>, ProblemHttpResult>> Get(string id, DurableClient client, CancellationToken ct)
        => await client.GetInstanceAsync(id, ct) is { } i ? TypedResults.Ok(ToDto(i)) : NotFound(id);

    private static async Task<Ok<IReadOnlyList<HistoryEvent>>> History(string id, DurableClient client, CancellationToken ct)
        => TypedResults.Ok(await client.GetHistoryAsync(id, ct));

    private static async Task<Accepted> Raise(string id, string name, HttpRequest request, DurableClient client, CancellationToken ct)
    {
        var body = await System.Text.Json.JsonSerializer.DeserializeAsync<System.Text.Json.JsonElement?>(request.Body, cancellationToken: ct);
        await client.RaiseEventAsync(id, name, body, ct);
        return TypedResults.Accepted($"/api/instances/{Uri.EscapeDataString(id)}");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Purge(string id, DurableClient client, CancellationToken ct)
        => await client.PurgeInstanceAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<Accepted> Act(Func<Task> action)
    {
        await action();
        return TypedResults.Accepted((string?)null);
    }

    private static ProblemHttpResult NotFound(string id)
        => TypedResults.Problem(title: "Instance not found", detail: $"No instance '{id}'.", statusCode: StatusCodes.Status404NotFound);

    private static InstanceDto ToDto(InstanceMetadata i) => new(i.InstanceId, i.Name, i.Version, i.Status.ToString(), i.CreatedAt,
        i.LastUpdatedAt, i.CompletedAt, i.SerializedCustomStatus, i.SerializedOutput, i.FailureDetails);
}
