using System.Security.Cryptography;
using System.Text;

namespace EnforcementFlows.Enforcement.Approvals;

/// <summary>256-bit random link tokens; only their SHA-256 is ever stored or compared.</summary>
public static class ApprovalTokens
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>Where approval links point (configuration "EnforcementFlows:PublicBaseUrl"); never taken from a request's Host header.</summary>
public sealed class ApprovalLinkOptions
{
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    public Uri Link(string token, string decision) => new($"{PublicBaseUrl.TrimEnd('/')}/approvals/{token}?decision={decision}");
}
