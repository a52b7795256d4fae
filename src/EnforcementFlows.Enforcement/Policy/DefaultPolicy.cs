namespace EnforcementFlows.Enforcement.Policy;

/// <summary>The policy shipped inside this assembly (<c>Policy/default-policy.json</c>), for first runs and tests.</summary>
public static class DefaultPolicy
{
    public const string ResourceName = "EnforcementFlows.Enforcement.default-policy.json";

    public static byte[] ReadBytes()
    {
        using var stream = typeof(DefaultPolicy).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static EnforcementPolicy Load() => PolicyLoader.LoadOrThrow(ReadBytes(), PolicyFormat.Json);
}
