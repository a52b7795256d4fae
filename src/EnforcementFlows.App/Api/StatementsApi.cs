using EnforcementFlows.App.Security;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Api;

/// <summary>Statements of reasons (DSA Art. 17), one per applied action.</summary>
public static class StatementsApi
{
    public static IEndpointRouteBuilder MapStatementsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/statements/{id}", async (string id, StatementQueries statements, CancellationToken ct) =>
                await statements.GetAsync(id, ct) is { } statement
                    ? Results.Ok(statement)
                    : Problems.Of(StatusCodes.Status404NotFound, "Statement not found", $"No statement of reasons '{id}'."))
            .WithTags("Statements").RequireAuthorization(Roles.AtLeastAnalyst);
        return endpoints;
    }
}
