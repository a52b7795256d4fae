using EnforcementFlows.App.Security;
using EnforcementFlows.App.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EnforcementFlows.App.Api;

/// <summary>Workflow instance management: analysts read, admins change. Runs on the engine that runs the workflows.</summary>
public static class InstancesApi
{
    public sealed record InstancePageDto(IReadOnlyList<InstanceView> Instances, string? ContinuationToken);

    public sealed record ReasonDto(string? Reason);

    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder endpoints)
    {
        var read = endpoints.MapGroup("/api/instances").WithTags("Instances").RequireAuthorization(Roles.AtLeastAnalyst);
        read.MapGet("/", List);
        read.MapGet("/{id}", Get);
        read.MapGet("/{id}/history", History);

        var write = endpoints.MapGroup("/api/instances").WithTags("Instances").RequireAuthorization(Roles.AdminOnly);
        write.MapPost("/{id}/events/{name}", Raise);
        write.MapPost("/{id}/terminate", (string id, ReasonDto? body, IWorkflowInstances w, CancellationToken ct) => Act(() => w.TerminateAsync(id, body?.Reason, ct)));
        write.MapPost("/{id}/suspend", (string id, ReasonDto? body, IWorkflowInstances w, CancellationToken ct) => Act(() => w.SuspendAsync(id, body?.Reason, ct)));
        write.MapPost("/{id}/resume", (string id, ReasonDto? body, IWorkflowInstances w, CancellationToken ct) => Act(() => w.ResumeAsync(id, body?.Reason, ct)));
        write.MapDelete("/{id}", Purge);
        return endpoints;
    }

    internal static async Task<Ok<InstancePageDto>> List(IWorkflowInstances instances, [FromQuery] string? status, [FromQuery] string? name,
        [FromQuery] string? prefix, [FromQuery] int? pageSize, [FromQuery] string? continuation, CancellationToken ct)
    {
        var statuses = status?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            var page = await instances.ListAsync(new InstanceFilter(statuses, name, prefix, pageSize ?? 50, continuation), ct);
            return TypedResults.Ok(new InstancePageDto(page.Instances, page.ContinuationToken));
        }
        catch (UnknownStatusException e)
        {
            throw new BadRequestException(e.Message);
        }
    }

    internal static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> Get(string id, IWorkflowInstances instances, CancellationToken ct)
        => await instances.GetAsync(id, ct) is { } i ? TypedResults.Ok(i) : NotFound(id);

    internal static async Task<Ok<object>> History(string id, IWorkflowInstances instances, CancellationToken ct)
        => TypedResults.Ok(await instances.HistoryAsync(id, ct));

    internal static async Task<Accepted> Raise(string id, string name, HttpRequest request, IWorkflowInstances instances, CancellationToken ct)
    {
        var body = await System.Text.Json.JsonSerializer.DeserializeAsync<System.Text.Json.JsonElement?>(request.Body, cancellationToken: ct);
        await instances.RaiseAsync(id, name, body, ct);
        return TypedResults.Accepted($"/api/instances/{Uri.EscapeDataString(id)}");
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Purge(string id, IWorkflowInstances instances, CancellationToken ct)
        => await instances.PurgeAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    internal static async Task<Accepted> Act(Func<Task> action)
    {
        await action();
        return TypedResults.Accepted((string?)null);
    }

    private static ProblemHttpResult NotFound(string id)
        => TypedResults.Problem(title: "Instance not found", detail: $"No instance '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
