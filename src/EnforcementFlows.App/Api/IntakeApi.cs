using System.Security.Cryptography;
using System.Threading.RateLimiting;
using EnforcementFlows.App.Intake;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Webhooks;
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
        var request = http.Request;
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the signal as application/json.");
        }
        var max = options.Value.MaxBodyBytes;
        if (request.ContentLength > max)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The limit is {max} bytes.");
        }
        var body = await ReadBounded(request, max, http.RequestAborted);
        if (body is null)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The limit is {max} bytes.");
        }

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
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Of(StatusCodes.Status429TooManyRequests, "Rate limit exceeded", $"Source '{source}' sends too fast; retry after {retryAfter} s.");
        }

        var parsed = SignalParsing.Parse(kind, body);
        if (parsed.Problem is { } problem)
        {
            return problem;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        var outcome = await intake.AcceptAsync(new IntakeWebhook(source!, id, hash, parsed.Signals), http.RequestAborted);
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

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the body is longer (chunked bodies have no length up front).</summary>
    private static async Task<byte[]?> ReadBounded(HttpRequest request, int max, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
