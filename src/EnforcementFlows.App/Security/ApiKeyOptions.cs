using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Security;

/// <summary>
/// Configuration "EnforcementFlows:ApiKeys": a list of { Name, Role, KeySha256 } (hex SHA-256 of
/// the key; the key itself is never stored in configuration).
/// </summary>
public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string KeySha256 { get; set; } = "";
}

public sealed class ApiKeyOptions
{
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var path = $"EnforcementFlows:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name)) errors.Add($"{path}:Name is required.");
            if (!Roles.All.Contains(key.Role)) errors.Add($"{path}:Role must be one of {string.Join(", ", Roles.All)} (got '{key.Role}').");
            if (key.KeySha256.Length != 64 || !key.KeySha256.All(Uri.IsHexDigit)) errors.Add($"{path}:KeySha256 must be 64 hex characters (SHA-256 of the key).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
