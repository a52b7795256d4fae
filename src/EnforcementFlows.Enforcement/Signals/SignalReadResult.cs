namespace EnforcementFlows.Enforcement.Signals;

public enum SignalReadStatus
{
    Accepted,

    /// <summary>The body is not JSON this service will parse (syntax error, too deep, duplicate keys); no field errors exist.</summary>
    MalformedJson,

    /// <summary>The body is JSON but breaks the signal's rules; every problem is in <see cref="SignalReadResult{T}.Errors"/>.</summary>
    Invalid,
}

public sealed record SignalReadResult<T>(SignalReadStatus Status, T? Value, IReadOnlyList<FieldError> Errors, string? MalformedReason)
    where T : class
{
    public bool IsAccepted => Status == SignalReadStatus.Accepted;

    internal static SignalReadResult<T> Malformed(string reason) => new(SignalReadStatus.MalformedJson, null, [], reason);

    internal static SignalReadResult<T> From(T? value, IReadOnlyList<FieldError> errors) =>
        errors.Count == 0 && value is not null
            ? new(SignalReadStatus.Accepted, value, [], null)
            : new(SignalReadStatus.Invalid, null, errors, null);
}
