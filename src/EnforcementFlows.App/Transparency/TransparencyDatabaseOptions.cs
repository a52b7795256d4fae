using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Transparency;

/// <summary>Configuration section "EnforcementFlows:TransparencyDatabase": the optional DSA Transparency Database connector (Art. 24(5)).</summary>
public sealed class TransparencyDatabaseOptions
{
    public const string Section = "EnforcementFlows:TransparencyDatabase";

    /// <summary>Off by default: a platform submits only once its Digital Services Coordinator onboarded it.</summary>
    public bool Enabled { get; set; }

    /// <summary>The Database's (or its sandbox's) base URL; the connector posts to <c>{BaseUrl}/api/v1/statements</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The API token (a secret: sent only as the bearer token, never logged).</summary>
    public string? Token { get; set; }

    /// <summary>Statements per call: the multiple endpoint takes 1 to 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long the connector waits when nothing is due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between retries of a failed call (1 s doubling up to this).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);
}

internal sealed class TransparencyDatabaseOptionsValidator : IValidateOptions<TransparencyDatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, TransparencyDatabaseOptions o)
    {
        if (!o.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        // https, or http to this machine (a local stand-in); the token must not cross a network in the clear.
        if (!Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) || !(uri.Scheme == "https" || (uri.Scheme == "http" && uri.IsLoopback)))
        {
            errors.Add($"{TransparencyDatabaseOptions.Section}:BaseUrl must be an absolute https URL (http only to a loopback address) when Enabled.");
        }
        if (string.IsNullOrWhiteSpace(o.Token))
        {
            errors.Add($"{TransparencyDatabaseOptions.Section}:Token is required when Enabled.");
        }
        if (o.BatchSize is < 1 or > 100)
        {
            errors.Add($"{TransparencyDatabaseOptions.Section}:BatchSize must be 1 to 100 (the Database's limit per call).");
        }
        if (o.Interval <= TimeSpan.Zero || o.Timeout <= TimeSpan.Zero || o.MaxBackoff < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{TransparencyDatabaseOptions.Section}:Interval and Timeout must be positive and MaxBackoff at least 1 s.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
