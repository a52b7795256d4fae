namespace EnforcementFlows.App.Dashboard;

/// <summary>What a dashboard action did: an HTTP status and a sentence for the reviewer.</summary>
public sealed record DecisionOutcome(int Status, string Message)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public static DecisionOutcome Ok(string message) => new(StatusCodes.Status200OK, message);
    public static DecisionOutcome NotFound(string caseId) => new(StatusCodes.Status404NotFound, $"No case '{caseId}'.");
    public static DecisionOutcome Conflict(string message) => new(StatusCodes.Status409Conflict, message);
    public static DecisionOutcome Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);
}
