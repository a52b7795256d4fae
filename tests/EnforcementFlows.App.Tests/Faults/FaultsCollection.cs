namespace EnforcementFlows.App.Tests.Faults;

/// <summary>Fault tests start several service processes each: they run one after another, never side by side.</summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection
{
    public const string Name = "faults";
}
