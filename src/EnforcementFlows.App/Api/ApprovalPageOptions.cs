namespace EnforcementFlows.App.Api;

/// <summary>Configuration section "EnforcementFlows:Approvals".</summary>
public sealed class ApprovalPageOptions
{
    public const string Section = "EnforcementFlows:Approvals";

    /// <summary>
    /// Require the identity header set by Azure App Service / Functions authentication
    /// (X-MS-CLIENT-PRINCIPAL, or X-MS-CLIENT-PRINCIPAL-NAME); a link then only works for the approver it was sent to.
    /// </summary>
    public bool RequireSignIn { get; set; }
}
