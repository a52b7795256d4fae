namespace EnforcementFlows.Enforcement.Signals;

/// <summary>One problem with one field; <see cref="Field"/> is a path such as <c>accountId</c> or <c>[3].confidence</c>.</summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";

    internal FieldError Under(string prefix) => this with { Field = prefix + Field };
}
