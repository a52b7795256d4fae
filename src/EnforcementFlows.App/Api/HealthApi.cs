using EnforcementFlows.Storage;

namespace EnforcementFlows.App.Api;

public static class HealthApi
{
    /// <summary>/healthz: the process is up. /readyz: the domain database answers a query.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
        endpoints.MapGet("/readyz", async Task<IResult> (IDomainDatabase database, IServiceProvider services, CancellationToken cancellation) =>
        {
            try
            {
                await database.QueryCommittedAsync("SELECT 1", r => r.GetInt32(0), cancellation);
                // With the SDK engine, intake stays ready while the task hub is unreachable (it only writes the outbox);
                // the relay's state says whether workflows are keeping up.
                if (services.GetService<Workflows.OutboxRelay>() is { } relay)
                {
                    // Read from the outbox itself: a relay pass stuck in a task hub client's own retries reports nothing.
                    var outbox = services.GetRequiredService<Enforcement.Workflows.WorkflowOutbox>();
                    var waited = await outbox.OldestPendingAgeAsync(cancellation);
                    return TypedResults.Ok(new
                    {
                        status = "ready",
                        taskHub = relay.LastError is not null ? "unreachable" : waited > Workflows.OutboxRelay.LagLimit ? "lagging" : "reachable",
                        outboxBacklog = await outbox.BacklogAsync(cancellation),
                        oldestPendingSeconds = waited?.TotalSeconds,
                    });
                }
                return TypedResults.Ok(new { status = "ready" });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return TypedResults.Problem(title: "Database unavailable", detail: ex.GetType().Name, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return endpoints;
    }
}
