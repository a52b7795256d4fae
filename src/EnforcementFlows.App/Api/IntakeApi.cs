using System.Threading.RateLimiting;
using EnforcementFlows.App.Intake;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Api;

/// <summary>
/// Signed intake webhooks (Standard Webhooks). Checks run cheapest-first and nothing is stored
/// unless every check passes; 202 is sent only after the signals are durably committed.
/// </summary>
public static partial class IntakeApi
{
    public static IEndpointRouteBuilder MapIntakeApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Intake").AllowAnonymous();
        group.MapPost("/reports", (HttpContext http, IntakeHandler handler) => handler.HandleAsync(http, SignalKind.Report));
        group.MapPost("/flags", (HttpContext http, IntakeHandler handler) => handler.HandleAsync(http, SignalKind.Flag));
        return endpoints;
    }
}

/// <summary>One intake request, from raw bytes to a committed signal.</summary>
public sealed class IntakeHandler(IntakeSources sources, IntakeBatcher intake, IOptions<IntakeOptions> options, PartitionedRateLimiter<string> limiter,
    IOptions<Enforcement.Workflows.CaseOptions> cases)
{
    public async Task<IResult> HandleAsync(HttpContext http, SignalKind kind)
    {
        var (webhook, rejected) = await SignedWebhookReader.ReadAsync(http, sources, limiter, options.Value.MaxBodyBytes, "the signal");
        if (webhook is null)
        {
            return rejected!;
        }

        var parsed = SignalParsing.Parse(kind, webhook.Body);
        if (parsed.Problem is { } problem)
        {
            return problem;
        }
        var outcome = await intake.AcceptAsync(new IntakeWebhook(webhook.Source, webhook.Id, webhook.BodyHash, parsed.Signals), http.RequestAborted);
        if (outcome.Status == IntakeStatus.Conflict)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "Conflicting redelivery", outcome.Detail!);
        }
        var first = parsed.Signals[0];
        var location = $"/api/{(kind == SignalKind.Report ? "reports" : "flags")}/{Uri.EscapeDataString(first.SignalId)}";
        return TypedResults.Accepted(location, new
        {
            status = outcome.Status == IntakeStatus.Replayed ? "duplicate" : "accepted",
            signals = parsed.Signals.Select(s => s.SignalId),
            // What happens next, for the sender's operator: the account's case gathers signals this long before it is assessed.
            collectWindowSeconds = cases.Value.CollectWindow.TotalSeconds,
        });
    }
}
