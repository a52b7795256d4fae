using System.Security.Claims;
using EnforcementFlows.App.Security;

namespace EnforcementFlows.App.Dashboard;

/// <summary>The signed-in reviewer: a name (what audits record) and roles (admin ⊃ approver ⊃ analyst).</summary>
public sealed record DashboardUser(string Name, IReadOnlyList<string> Roles, bool ViaDevelopmentSignIn)
{
    public static DashboardUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return null;
        }
        var roles = Security.Roles.All.Where(principal.IsInRole).ToList();
        return new DashboardUser(name, roles, principal.Identity.AuthenticationType == DashboardSchemes.DevelopmentCookie);
    }

    public bool IsAnalyst => Roles.Contains(Security.Roles.Analyst);
    public bool IsApprover => Roles.Contains(Security.Roles.Approver);
    public bool IsAdmin => Roles.Contains(Security.Roles.Admin);

    /// <summary>The highest role, for display.</summary>
    public string HighestRole => IsAdmin ? Security.Roles.Admin : IsApprover ? Security.Roles.Approver : IsAnalyst ? Security.Roles.Analyst : "none";

    /// <summary>How this reviewer appears in audit records and workflow events.</summary>
    public string Actor => "dashboard:" + Name;
}
