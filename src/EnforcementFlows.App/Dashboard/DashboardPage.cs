namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// One dashboard page to render inside the layout. <paramref name="BodyHtml"/> is trusted HTML
/// built by the page (every value in it already encoded with <see cref="Html.E"/>).
/// </summary>
public sealed record DashboardPage(DashboardRequest Request, string Title, DashboardNav Active, string BodyHtml, int StatusCode = StatusCodes.Status200OK);
