using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.RateLimiting;
using EnforcementFlows.App.Intake;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Appeals;
using EnforcementFlows.Enforcement.Webhooks;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Api;

/// <summary>
/// <c>POST /api/appeals</c>: the platform forwards an account's appeal (DSA Art. 20), signed like intake (Standard Webhooks, the intake
/// sources' secrets, the same body limit and rate limit, dedupe on webhook id and body hash). 202 once the appeal and the start of its
/// review are committed; 422 for an unknown action or a closed window, 409 for a second appeal or a conflicting redelivery.
/// </summary>
public static class AppealsApi
{
    public const int MaxTextLength = 5000;

    public sealed record AppealBody(string? AppealId, string? StatementId, string? ActionId, string? AccountId, string? Text);

    public static IEndpointRouteBuilder MapAppealsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/appeals", HandleAsync).WithTags("Appeals").AllowAnonymous();
        endpoints.MapGet("/api/appeals/{id}", async (string id, IDomainDatabase store, CancellationToken ct) =>
                (await store.QueryCommittedAsync("""
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
                    : Problems.Of(StatusCodes.Status404NotFound, "Appeal not found", $"No appeal '{id}'."))
            .WithTags("Appeals").RequireAuthorization(Security.Roles.AtLeastAnalyst);
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IntakeSources sources, IOptions<IntakeOptions> options, PartitionedRateLimiter<string> limiter,
        IDomainDatabase store, CaseWorkflowCommands workflows, TimeProvider time)
    {
        var request = http.Request;
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the appeal as application/json.");
        }
        var max = options.Value.MaxBodyBytes;
        if (request.ContentLength > max)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The limit is {max} bytes.");
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > max)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The limit is {max} bytes.");
        }
        var body = buffer.ToArray();
        var id = request.Headers[WebhookHeaders.Id].ToString();
        var (source, verification) = sources.Verify(request.Headers["EF-Source"].FirstOrDefault(), id,
            request.Headers[WebhookHeaders.Timestamp].FirstOrDefault(), request.Headers[WebhookHeaders.Signature].FirstOrDefault(), body);
        if (!verification.IsValid)
        {
            return verification.Status == WebhookVerificationStatus.MissingHeaders
                ? Problems.Of(StatusCodes.Status400BadRequest, "Missing webhook headers", verification.Detail)
                : Problems.Of(StatusCodes.Status401Unauthorized, "Webhook not authenticated", verification.Detail);
        }
        using var lease = limiter.AttemptAcquire(source!);
        if (!lease.IsAcquired)
        {
            http.Response.Headers.RetryAfter = "1";
            return Problems.Of(StatusCodes.Status429TooManyRequests, "Rate limit exceeded", $"Source '{source}' sends too fast; retry after 1 s.");
        }
        AppealBody? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<AppealBody>(body, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (JsonException)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid JSON", "The body is not a JSON object.");
        }
        var errors = new Dictionary<string, string[]>();
        void Require(string? value, string name, int maxLength = 200)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[name] = ["required"];
            }
            else if (value.Length > maxLength)
            {
                errors[name] = [$"at most {maxLength} characters"];
            }
        }
        Require(parsed?.AppealId, "appealId");
        Require(parsed?.StatementId, "statementId");
        Require(parsed?.ActionId, "actionId");
        Require(parsed?.AccountId, "accountId");
        Require(parsed?.Text, "text", MaxTextLength);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Invalid appeal");
        }
        var appeal = new AppealRequest(parsed!.AppealId!, parsed.StatementId!, parsed.ActionId!, parsed.AccountId!, parsed.Text!);
        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        var outcome = await store.RunInTransactionAsync(tx => AppealIntake.Submit(tx, source!, id, hash, appeal, time.GetUtcNow(), workflows), http.RequestAborted);
        return outcome.Status switch
        {
            AppealIntakeStatus.Accepted or AppealIntakeStatus.Replayed => TypedResults.Accepted($"/api/appeals/{Uri.EscapeDataString(outcome.AppealId!)}",
                new { status = outcome.Status == AppealIntakeStatus.Replayed ? "duplicate" : "accepted", appealId = outcome.AppealId, detail = outcome.Detail }),
            AppealIntakeStatus.UnknownAction => Problems.Of(StatusCodes.Status422UnprocessableEntity, "Unknown action", outcome.Detail),
            AppealIntakeStatus.WindowClosed => Problems.Of(StatusCodes.Status422UnprocessableEntity, "Appeal window closed", outcome.Detail),
            AppealIntakeStatus.AlreadyAppealed => Problems.Of(StatusCodes.Status409Conflict, "Already appealed", outcome.Detail),
            _ => Problems.Of(StatusCodes.Status409Conflict, "Conflicting redelivery", outcome.Detail),
        };
    }
}
