using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.App.Api;

/// <summary>RFC 9457 problem responses used by the API.</summary>
internal static class Problems
{
    public static IResult Of(int status, string title, string detail)
        => TypedResults.Problem(title: title, detail: detail, statusCode: status);

    /// <summary>422 with every field error, so a sender can fix them all at once.</summary>
    public static IResult Invalid(IReadOnlyList<FieldError> errors)
        => TypedResults.Problem(title: "Invalid signal", detail: string.Join("; ", errors.Select(e => e.ToString())),
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => e.ToString()).ToList() });
}
