namespace EnforcementFlows.Enforcement.Policy;

/// <summary>One problem in a policy file; <see cref="Path"/> looks like <c>categories.hate.thresholds[1].outcome</c>.</summary>
public sealed record PolicyError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

public sealed record PolicyLoadResult(EnforcementPolicy? Policy, IReadOnlyList<PolicyError> Errors)
{
    public bool Succeeded => Policy is not null;
}

public sealed class PolicyLoadException : Exception
{
    public PolicyLoadException(IReadOnlyList<PolicyError> errors)
        : base("invalid enforcement policy:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
        => Errors = errors;

    public PolicyLoadException()
        : this([])
    {
    }

    public PolicyLoadException(string message)
        : base(message) => Errors = [];

    public PolicyLoadException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    public IReadOnlyList<PolicyError> Errors { get; }
}
