using EnforcementFlows.Storage;

namespace EnforcementFlows.App.Api;

/// <summary>
/// <c>POST /api/appeals</c>: the platform forwards an account's appeal (DSA Art. 20), signed like intake (Standard Webhooks, the intake
/// sources' secrets, the same body limit and rate limit, dedupe on webhook id and body hash). 202 once the appeal and the start of its
/// review are committed; 422 for an unknown action or a closed window, 409 for a second appeal or a conflicting redelivery
/// (<see cref="AppealIntakeHandler"/>, which the Functions app's trigger runs too).
/// </summary>
public static class AppealsApi
{
    public const int MaxTextLength = 5000;

    public sealed record AppealBody(string? AppealId, string? StatementId, string? ActionId, string? AccountId, string? Text);

    public static IEndpointRouteBuilder MapAppealsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/appeals", (HttpContext http, AppealIntakeHandler handler) => handler.HandleAsync(http)).WithTags("Appeals").AllowAnonymous();
        endpoints.MapGet("/api/appeals/{id}", (string id, IDomainDatabase store, CancellationToken ct) => GetAppeal(id, store, ct))
            .WithTags("Appeals").RequireAuthorization(Security.Roles.AtLeastAnalyst);
        return endpoints;
    }

    /// <summary><c>GET /api/appeals/{id}</c> (analysts): the appeal's state and, once decided, who decided and the reversal's key.</summary>
    public static async Task<IResult> GetAppeal(string id, IDomainDatabase store, CancellationToken ct)
        => (await store.QueryCommittedAsync("""
                    SELECT appeal_id, statement_id, action_id, case_id, account_id, status, received_at, decided_at, decided_by, reason, timed_out, reversal_key
                    FROM ef_appeals WHERE appeal_id = $p0
                    """, r => new
                    {
                        appealId = r.GetString(0), statementId = r.GetString(1), actionId = r.GetString(2), caseId = r.GetString(3), accountId = r.GetString(4),
                        status = r.GetString(5), receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
                        decidedAt = r.IsDBNull(7) ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
                        decidedBy = r.IsDBNull(8) ? null : r.GetString(8), reason = r.IsDBNull(9) ? null : r.GetString(9), timedOut = r.GetInt32(10) == 1,
                        reversalKey = r.IsDBNull(11) ? null : r.GetString(11),
                    }, ct, id)).FirstOrDefault() is { } appeal
                    ? Results.Ok(appeal)
                    : Problems.Of(StatusCodes.Status404NotFound, "Appeal not found", $"No appeal '{id}'.");
}
