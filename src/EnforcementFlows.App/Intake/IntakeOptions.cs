namespace EnforcementFlows.App.Intake;

/// <summary>Configuration section "EnforcementFlows:Intake".</summary>
public sealed class IntakeOptions
{
    public const string Section = "EnforcementFlows:Intake";

    /// <summary>Webhook sources by name; each has one or more "whsec_..." secrets (several during rotation).</summary>
    public Dictionary<string, IntakeSource> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Largest accepted body; checked before anything is parsed.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Sustained requests per second per source, and the burst above it.</summary>
    public int RatePerSecond { get; set; } = 2000;
    public int RateBurst { get; set; } = 4000;

    /// <summary>Whether the generated "demo" source (secret in {DataDirectory}/secrets.json) accepts webhooks.</summary>
    public bool DemoSourceEnabled { get; set; } = true;
}

public sealed class IntakeSource
{
    public List<string> Secrets { get; set; } = [];
}
