using EnforcementFlows.App.Security;
using EnforcementFlows.Enforcement.Webhooks;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Intake;

/// <summary>The configured webhook sources with their verifiers, plus the generated demo source.</summary>
public sealed class IntakeSources
{
    public const string DemoSource = "demo";
    private readonly Dictionary<string, WebhookVerifier> _verifiers = new(StringComparer.OrdinalIgnoreCase);

    public IntakeSources(IOptions<IntakeOptions> options, FirstRunSecrets secrets, TimeProvider time)
    {
        foreach (var (name, source) in options.Value.Sources)
        {
            _verifiers[name] = new WebhookVerifier(source.Secrets.Select(WebhookSecret.Parse), time);
        }
        if (options.Value.DemoSourceEnabled && !_verifiers.ContainsKey(DemoSource))
        {
            _verifiers[DemoSource] = new WebhookVerifier([WebhookSecret.Parse(secrets.DemoIntakeSecret)], time);
        }
    }

    public IEnumerable<string> Names => _verifiers.Keys;

    public bool TryGet(string name, out WebhookVerifier verifier) => _verifiers.TryGetValue(name, out verifier!);

    /// <summary>Finds the source whose secret signed the message; the most specific failure otherwise.</summary>
    public (string? Source, WebhookVerificationResult Result) Verify(string? named, string? id, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (named is not null)
        {
            return _verifiers.TryGetValue(named, out var only)
                ? (named, only.Verify(id, timestamp, signature, body))
                : (null, new WebhookVerificationResult(WebhookVerificationStatus.NoMatchingSignature, $"unknown source '{named}'"));
        }
        WebhookVerificationResult? last = null;
        foreach (var (name, verifier) in _verifiers)
        {
            var result = verifier.Verify(id, timestamp, signature, body);
            if (result.IsValid)
            {
                return (name, result);
            }
            last = result;
        }
        return (null, last ?? new WebhookVerificationResult(WebhookVerificationStatus.NoMatchingSignature, "no intake source is configured"));
    }
}

internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var errors = new List<string>();
        foreach (var (source, config) in options.Sources)
        {
            if (config.Secrets.Count == 0)
            {
                errors.Add($"{IntakeOptions.Section}:Sources:{source}:Secrets must list at least one secret.");
            }
            for (var i = 0; i < config.Secrets.Count; i++)
            {
                if (!WebhookSecret.TryParse(config.Secrets[i], out _, out var why))
                {
                    errors.Add($"{IntakeOptions.Section}:Sources:{source}:Secrets:{i} is not a valid webhook secret: {why}");
                }
            }
        }
        if (options.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024) errors.Add($"{IntakeOptions.Section}:MaxBodyBytes must be between 1 KiB and 64 MiB.");
        if (options.RatePerSecond < 1 || options.RateBurst < 1) errors.Add($"{IntakeOptions.Section}:RatePerSecond and RateBurst must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
