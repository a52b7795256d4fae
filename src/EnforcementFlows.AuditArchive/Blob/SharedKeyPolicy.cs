using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EnforcementFlows.AuditArchive.Blob;

/// <summary>
/// Signs each request with Storage Shared Key (the Blob service's "SharedKey" scheme, version 2015-02-21 and
/// later: empty Content-Length when zero). A per-retry policy, so every attempt carries a fresh x-ms-date.
/// See https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key.
/// The key stays in this object; neither it nor the signature is ever logged.
/// </summary>
internal sealed class SharedKeyPolicy(string accountName, byte[] accountKey, TimeProvider time) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        var toSign = StringToSign(request, accountName);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.SetValue("Authorization", $"SharedKey {accountName}:{signature}");
    }

    /// <summary>The documented canonical form: standard headers in fixed order, then x-ms-* headers, then the resource.</summary>
    internal static string StringToSign(Request request, string accountName)
    {
        string Header(string name) => request.Headers.TryGetValue(name, out var value) ? value : string.Empty;

        var length = request.Content is not null && request.Content.TryComputeLength(out var n) && n > 0
            ? n.ToString(CultureInfo.InvariantCulture)
            : string.Empty;
        var text = new StringBuilder();
        text.Append(request.Method.Method.ToUpperInvariant()).Append('\n');
        text.Append(Header("Content-Encoding")).Append('\n');
        text.Append(Header("Content-Language")).Append('\n');
        text.Append(length).Append('\n');
        text.Append(Header("Content-MD5")).Append('\n');
        text.Append(Header("Content-Type")).Append('\n');
        text.Append('\n'); // Date: x-ms-date is used instead
        text.Append(Header("If-Modified-Since")).Append('\n');
        text.Append(Header("If-Match")).Append('\n');
        text.Append(Header("If-None-Match")).Append('\n');
        text.Append(Header("If-Unmodified-Since")).Append('\n');
        text.Append(Header("Range")).Append('\n');

        foreach (var header in request.Headers
                     .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            text.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        var uri = request.Uri.ToUri();
        text.Append('/').Append(accountName).Append(uri.AbsolutePath.Length > 0 ? uri.AbsolutePath : "/");
        foreach (var parameter in QueryParameters(uri.Query).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(',', parameter.Value.Order(StringComparer.Ordinal)));
        }
        return text.ToString();
    }

    private static Dictionary<string, List<string>> QueryParameters(string query)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (!result.TryGetValue(name, out var values))
            {
                result[name] = values = [];
            }
            values.Add(value);
        }
        return result;
    }
}
