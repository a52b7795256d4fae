using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EnforcementFlows.Enforcement.Webhooks;

/// <summary>The v1 scheme: HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, rendered <c>v1,&lt;base64&gt;</c>.</summary>
public static class WebhookSignature
{
    public const string VersionPrefix = "v1,";

    public static string Compute(WebhookSecret secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
        => VersionPrefix + Convert.ToBase64String(ComputeMac(secret, messageId, timestamp, body));

    internal static byte[] ComputeMac(WebhookSecret secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        // The body is signed as raw bytes: re-encoding it would break signatures over non-canonical JSON.
        var prefix = Encoding.UTF8.GetBytes(messageId + "." + timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(secret.Key, content);
    }
}
