using System.Text.Json;
using System.Threading.RateLimiting;
using EnforcementFlows.App.Intake;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Appeals;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Api;

/// <summary>One appeal request, from raw bytes to a committed appeal and the start of its review; shared by the self-host and the Functions app.</summary>
public sealed class AppealIntakeHandler(IntakeSources sources, IOptions<IntakeOptions> options, PartitionedRateLimiter<string> limiter,
    IDomainDatabase store, CaseWorkflowCommands workflows, TimeProvider time)
{
    // One instance: options cache their type metadata, so a new one per request would rebuild it every time.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var (webhook, rejected) = await SignedWebhookReader.ReadAsync(http, sources, limiter, options.Value.MaxBodyBytes, "the appeal");
        if (webhook is null)
        {
            return rejected!;
        }
        AppealsApi.AppealBody? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<AppealsApi.AppealBody>(webhook.Body, Json);
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
        var outcome = await store.RunInTransactionAsync(tx => AppealIntake.Submit(tx, webhook.Source, webhook.Id, webhook.BodyHash, appeal, time.GetUtcNow(), workflows), http.RequestAborted);
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
