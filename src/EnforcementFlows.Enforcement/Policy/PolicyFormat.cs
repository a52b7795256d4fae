namespace EnforcementFlows.Enforcement.Policy;

public enum PolicyFormat
{
    Json,
    Yaml,
}
