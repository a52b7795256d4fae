using System.Security.Cryptography;
using System.Threading.RateLimiting;
using EnforcementFlows.App.Intake;
using EnforcementFlows.Enforcement.Webhooks;

namespace EnforcementFlows.App.Api;

/// <summary>A request that passed the checks every signed intake endpoint runs: its raw body, webhook id and source.</summary>
public sealed record SignedWebhook(byte[] Body, string Id, string Source)
{
    /// <summary>SHA-256 of the body: a redelivery with the same id and hash is a replay, a different hash a conflict.</summary>
    public string BodyHash => Convert.ToHexStringLower(SHA256.HashData(Body));
}

/// <summary>
/// The checks of a Standard Webhooks intake request, cheapest first: content type (415), declared and actual size
/// (413), webhook headers (400), signature (401), the source's rate limit (429). Nothing is read past a failed check.
/// </summary>
public static class SignedWebhookReader
{
    /// <param name="what">What the body is, for the 415 message ("the signal", "the appeal").</param>
    public static async Task<(SignedWebhook? Webhook, IResult? Problem)> ReadAsync(HttpContext http, IntakeSources sources,
        PartitionedRateLimiter<string> limiter, int maxBodyBytes, string what)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send {what} as application/json."));
        }
        var tooLarge = Problems.Of(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The limit is {maxBodyBytes} bytes.");
        if (request.ContentLength > maxBodyBytes || await ReadBounded(request, maxBodyBytes, http.RequestAborted) is not { } body)
        {
            return (null, tooLarge);
        }

        var id = request.Headers[WebhookHeaders.Id].ToString();
        var (source, verification) = sources.Verify(request.Headers["EF-Source"].FirstOrDefault(), id,
            request.Headers[WebhookHeaders.Timestamp].FirstOrDefault(), request.Headers[WebhookHeaders.Signature].FirstOrDefault(), body);
        if (!verification.IsValid)
        {
            return (null, verification.Status == WebhookVerificationStatus.MissingHeaders
                ? Problems.Of(StatusCodes.Status400BadRequest, "Missing webhook headers", verification.Detail)
                : Problems.Of(StatusCodes.Status401Unauthorized, "Webhook not authenticated", verification.Detail));
        }

        using var lease = limiter.AttemptAcquire(source!);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (null, Problems.Of(StatusCodes.Status429TooManyRequests, "Rate limit exceeded", $"Source '{source}' sends too fast; retry after {retryAfter} s."));
        }
        return (new SignedWebhook(body, id, source!), null);
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
