using EnforcementFlows.Durable.Storage;

namespace EnforcementFlows.App.Api;

public static class HealthApi
{
    /// <summary>/healthz: the process is up. /readyz: the store answers a query.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
        endpoints.MapGet("/readyz", async Task<IResult> (IDurableStore store, CancellationToken cancellation) =>
        {
            try
            {
                await store.GetNextWakeUpAsync(cancellation);
                return TypedResults.Ok(new { status = "ready" });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return TypedResults.Problem(title: "Store unavailable", detail: ex.GetType().Name, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return endpoints;
    }
}
