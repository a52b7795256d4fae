namespace EnforcementFlows.App.Security;

/// <summary>API roles; each includes the ones before it (admin ⊃ approver ⊃ analyst).</summary>
public static class Roles
{
    public const string Analyst = "analyst";
    public const string Approver = "approver";
    public const string Admin = "admin";

    public static readonly string[] All = [Analyst, Approver, Admin];

    /// <summary>Authorization policy names: "at least this role".</summary>
    public const string AtLeastAnalyst = "at-least-analyst";
    public const string AtLeastApprover = "at-least-approver";
    public const string AdminOnly = "admin-only";

    public static string[] Implied(string role) => role switch
    {
        Admin => [Analyst, Approver, Admin],
        Approver => [Analyst, Approver],
        Analyst => [Analyst],
        _ => [],
    };
}
