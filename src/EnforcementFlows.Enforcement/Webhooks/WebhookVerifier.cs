using System.Globalization;
using System.Security.Cryptography;

namespace EnforcementFlows.Enforcement.Webhooks;

/// <summary>
/// Verifies inbound Standard Webhooks requests against every secret configured for a source,
/// so a sender can rotate keys without a window of rejected deliveries.
/// </summary>
public sealed class WebhookVerifier
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private readonly IReadOnlyList<WebhookSecret> _secrets;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tolerance;

    public WebhookVerifier(IEnumerable<WebhookSecret> secrets, TimeProvider time, TimeSpan? tolerance = null)
    {
        _secrets = secrets.ToArray();
        if (_secrets.Count == 0)
        {
            throw new ArgumentException("at least one secret is required", nameof(secrets));
        }

        _time = time;
        _tolerance = tolerance ?? DefaultTolerance;
    }

    public WebhookVerificationResult Verify(string? messageId, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrWhiteSpace(signatureHeader))
        {
            return new(WebhookVerificationStatus.MissingHeaders, "webhook-id, webhook-timestamp and webhook-signature are all required");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new(WebhookVerificationStatus.BadTimestamp, "webhook-timestamp is not a whole number of seconds");
        }

        // Checked before the MAC so replays of old captured requests are refused even with a valid signature.
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var toleranceSeconds = (long)_tolerance.TotalSeconds;
        if (seconds < now - toleranceSeconds)
        {
            return new(WebhookVerificationStatus.BadTimestamp, "webhook-timestamp is too old");
        }

        if (seconds > now + toleranceSeconds)
        {
            return new(WebhookVerificationStatus.BadTimestamp, "webhook-timestamp is too far in the future");
        }

        return MatchAnySignature(messageId, seconds, signatureHeader, body);
    }

    private WebhookVerificationResult MatchAnySignature(string messageId, long seconds, string signatureHeader, ReadOnlySpan<byte> body)
    {
        var candidates = ParseV1Signatures(signatureHeader);
        if (candidates.Count == 0)
        {
            return new(WebhookVerificationStatus.NoMatchingSignature, "webhook-signature holds no v1 signature");
        }

        foreach (var secret in _secrets)
        {
            var expected = WebhookSignature.ComputeMac(secret, messageId, seconds, body);
            foreach (var candidate in candidates)
            {
                if (CryptographicOperations.FixedTimeEquals(expected, candidate))
                {
                    return new(WebhookVerificationStatus.Valid, "signature matches");
                }
            }
        }

        return new(WebhookVerificationStatus.NoMatchingSignature, "no signature matches any configured secret");
    }

    private static List<byte[]> ParseV1Signatures(string header)
    {
        var macs = new List<byte[]>();
        foreach (var part in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // Other versions (e.g. asymmetric v1a) are skipped rather than failed, as the spec asks.
            if (!part.StartsWith(WebhookSignature.VersionPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var buffer = new byte[32];
            if (Convert.TryFromBase64String(part[WebhookSignature.VersionPrefix.Length..], buffer, out var written) && written == buffer.Length)
            {
                macs.Add(buffer);
            }
        }

        return macs;
    }
}
