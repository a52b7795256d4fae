namespace EnforcementFlows.App.Functions;

public enum FunctionTrigger
{
    Http,
    Timer,
}

/// <summary>One Azure Function: an HTTP route forwarded to the app as is, or a timer the host POSTs to /{Name}.</summary>
public sealed record FunctionDefinition(string Name, FunctionTrigger Trigger, string? Route, IReadOnlyList<string> Methods, string? Schedule)
{
    public static FunctionDefinition Http(string name, string route, params string[] methods) => new(name, FunctionTrigger.Http, route, methods, null);

    public static FunctionDefinition Timer(string name, string schedule) => new(name, FunctionTrigger.Timer, null, [], schedule);
}

/// <summary>
/// The single list of functions the app is deployed as. function.json files are generated from it
/// (`functions emit`), so a route added to the app is added here once and never hand-edited in JSON.
/// </summary>
public static class FunctionTable
{
    public const string SweepFunction = "Sweep";
    public const string DrainFunction = "DrainDurableWork";
    public const string DefaultSweepSchedule = "0 */5 * * * *";

    /// <summary>Every minute: bounds how late due timers and retries run when no instance is warm.</summary>
    public const string DrainSchedule = "0 */1 * * * *";

    public static IReadOnlyList<FunctionDefinition> Create(string sweepSchedule) =>
    [
        // Intake and approval links are anonymous at the app (webhook signatures, link tokens).
        FunctionDefinition.Http("IntakeReports", "api/reports", "post"),
        FunctionDefinition.Http("IntakeFlags", "api/flags", "post"),
        FunctionDefinition.Http("Approvals", "approvals/{token}", "get", "post"),
        // The rest of the API authorises by API key inside the app; the literal intake routes above win over this catch-all.
        FunctionDefinition.Http("Api", "api/{*rest}", "get", "post", "put", "delete"),
        // The review dashboard signs reviewers in inside the app (App Service authentication's X-MS-CLIENT-PRINCIPAL).
        FunctionDefinition.Http("DashboardHome", "dashboard", "get"),
        FunctionDefinition.Http("Dashboard", "dashboard/{*rest}", "get", "post"),
        FunctionDefinition.Http("Health", "healthz", "get"),
        FunctionDefinition.Http("Ready", "readyz", "get"),
        FunctionDefinition.Http("OpenApi", "openapi/{documentName}.json", "get"),
        FunctionDefinition.Timer(SweepFunction, sweepSchedule),
        FunctionDefinition.Timer(DrainFunction, DrainSchedule),
    ];

    public static IReadOnlyList<FunctionDefinition> Create(IConfiguration configuration)
        => Create(configuration[$"{FunctionsOptions.Section}:SweepSchedule"] is { Length: > 0 } s ? s : DefaultSweepSchedule);

    /// <summary>Shape check only (six fields, seconds first); the Functions host parses the expression itself.</summary>
    public static bool IsNcrontab(string? expression)
        => expression?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: 6 } fields
           && fields.All(f => f.All(c => char.IsAsciiDigit(c) || c is '*' or '/' or ',' or '-'));
}
