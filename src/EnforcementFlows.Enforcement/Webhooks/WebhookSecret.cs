using System.Diagnostics.CodeAnalysis;

namespace EnforcementFlows.Enforcement.Webhooks;

/// <summary>A Standard Webhooks signing secret: <c>whsec_</c> followed by a base64 key.</summary>
public sealed class WebhookSecret
{
    public const string Prefix = "whsec_";

    // Shorter keys make HMAC-SHA256 brute-forceable in practice; 24 bytes matches what senders issue.
    public const int MinimumKeyBytes = 24;

    private readonly byte[] _key;

    private WebhookSecret(byte[] key) => _key = key;

    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>Parses a secret, throwing <see cref="FormatException"/> with the reason when it is unusable.</summary>
    public static WebhookSecret Parse(string secret)
    {
        if (!TryParse(secret, out var parsed, out var error))
        {
            throw new FormatException(error);
        }

        return parsed;
    }

    public static bool TryParse(string? secret, [NotNullWhen(true)] out WebhookSecret? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(secret))
        {
            error = "webhook secret is empty";
            return false;
        }

        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"webhook secret must start with '{Prefix}'";
            return false;
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(secret[Prefix.Length..]);
        }
        catch (FormatException)
        {
            error = "webhook secret is not valid base64 after the 'whsec_' prefix";
            return false;
        }

        if (key.Length < MinimumKeyBytes)
        {
            error = $"webhook secret key is {key.Length} bytes; at least {MinimumKeyBytes} are required";
            return false;
        }

        parsed = new WebhookSecret(key);
        error = null;
        return true;
    }

    // Never let the key reach logs through an accidental interpolation.
    public override string ToString() => "whsec_***";
}
