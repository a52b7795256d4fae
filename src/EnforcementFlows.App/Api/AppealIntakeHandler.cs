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

/// <summary>One appeal request, from raw bytes to a committed appeal and the start of its review; shared by the self-host and the Functions app.</summary>
public sealed class AppealIntakeHandler(IntakeSources sources, IOptions<IntakeOptions> options, PartitionedRateLimiter<string> limiter,
    IDomainDatabase store, CaseWorkflowCommands workflows, TimeProvider time)
{
    public async Task<IResult> HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
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
        AppealsApi.AppealBody? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<AppealsApi.AppealBody>(body, new JsonSerializerOptions(JsonSerializerDefaults.Web));
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
        Require(parsed?.Text, "text", AppealsApi.MaxTextLength);
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
