using System.Text;
using System.Text.Json;

namespace EnforcementFlows.App.Security;

/// <summary>
/// The signed-in user as Azure App Service / Functions authentication passes it: the
/// X-MS-CLIENT-PRINCIPAL header (base64 JSON with auth_typ, name_typ and claims), or its
/// companion X-MS-CLIENT-PRINCIPAL-NAME. These headers are only trustworthy behind that
/// front end, which strips any a client sends; enable sign-in checks only there.
/// </summary>
public static class ClientPrincipal
{
    private static readonly string[] NameClaimFallbacks =
    [
        "preferred_username",
        "email",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "name",
    ];

    /// <summary>The decoded principal: its name and every (type, value) claim.</summary>
    public sealed record Decoded(string Name, IReadOnlyList<(string Type, string Value)> Claims);

    public static string? NameOf(HttpRequest request)
    {
        var encoded = request.Headers["X-MS-CLIENT-PRINCIPAL"].ToString();
        if (encoded.Length > 0 && Decode(encoded) is { } principal)
        {
            return principal.Name;
        }
        var plain = request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"].ToString();
        return plain.Length > 0 ? plain : null;
    }

    /// <summary>The X-MS-CLIENT-PRINCIPAL header with its claims (roles need them); null when absent or malformed.</summary>
    public static Decoded? Read(HttpRequest request)
    {
        var encoded = request.Headers["X-MS-CLIENT-PRINCIPAL"].ToString();
        return encoded.Length > 0 ? Decode(encoded) : null;
    }

    private static Decoded? Decode(string encoded)
    {
        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
            var root = json.RootElement;
            if (!root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var nameType = root.TryGetProperty("name_typ", out var t) ? t.GetString() : null;
            var values = claims.EnumerateArray()
                .Where(c => c.TryGetProperty("typ", out _) && c.TryGetProperty("val", out _))
                .Select(c => (Type: c.GetProperty("typ").GetString() ?? "", Value: c.GetProperty("val").GetString() ?? ""))
                .ToList();
            foreach (var type in new[] { nameType }.Concat(NameClaimFallbacks))
            {
                if (type is not null && values.FirstOrDefault(v => v.Type == type).Value is { Length: > 0 } value)
                {
                    return new Decoded(value, values);
                }
            }
            return null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null; // malformed: treated as not signed in
        }
    }
}
