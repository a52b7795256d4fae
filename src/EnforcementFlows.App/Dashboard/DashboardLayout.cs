using System.Text;

namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// The frame of every dashboard page: header with navigation and the signed-in user, the
/// development sign-in banner when that sign-in is on, and the page body. No inline script or
/// style: /dashboard/assets/dashboard.css and dashboard.js only (the CSP forbids anything else).
/// </summary>
public static class DashboardLayout
{
    private static readonly (DashboardNav Item, string Label, string Href)[] Navigation =
    [
        (DashboardNav.Queue, "Review queue", "/dashboard/queue"),
        (DashboardNav.Metrics, "Metrics", "/dashboard/metrics"),
        (DashboardNav.Operations, "Operations", "/dashboard/operations"),
    ];

    /// <summary>The page as an HTML response (status from the page).</summary>
    public static IResult Result(DashboardPage page)
        => Results.Content(Render(page), "text/html; charset=utf-8", Encoding.UTF8, page.StatusCode);

    /// <summary>Shorthand: a page for this request with the given title, navigation item and body.</summary>
    public static IResult Result(HttpContext http, string title, DashboardNav active, string bodyHtml, int statusCode = StatusCodes.Status200OK)
        => Result(new DashboardPage(DashboardRequest.For(http), title, active, bodyHtml, statusCode));

    public static string Render(DashboardPage page)
    {
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\"><title>").Append(Html.E(page.Title)).Append(" · EnforcementFlows</title>")
            .Append("<link rel=\"stylesheet\" href=\"/dashboard/assets/dashboard.css\"><script src=\"/dashboard/assets/dashboard.js\" defer></script></head><body>")
            .Append("<a class=\"skip\" href=\"#main\">Skip to content</a>");
        if (page.Request.DevelopmentSignInEnabled)
        {
            html.Append("<div class=\"dev-banner\" role=\"note\"><strong>Development sign-in is on.</strong> ")
                .Append("Anyone can sign in with any name and role; do not use this instance for real reviews.</div>");
        }
        html.Append("<header class=\"top\"><a class=\"brand\" href=\"/dashboard/queue\">EnforcementFlows</a>");
        if (page.Request.User is { } user)
        {
            AppendNavigation(html, page.Active);
            AppendUser(html, page.Request, user);
        }
        html.Append("</header><main id=\"main\" tabindex=\"-1\"><h1>").Append(Html.E(page.Title)).Append("</h1>")
            .Append(page.BodyHtml).Append("</main></body></html>");
        return html.ToString();
    }

    private static void AppendNavigation(StringBuilder html, DashboardNav active)
    {
        html.Append("<nav aria-label=\"Dashboard\"><ul>");
        foreach (var (item, label, href) in Navigation)
        {
            html.Append("<li><a href=\"").Append(href).Append('"').Append(item == active ? " aria-current=\"page\"" : "").Append('>')
                .Append(Html.E(label)).Append("</a></li>");
        }
        html.Append("</ul></nav>");
    }

    private static void AppendUser(StringBuilder html, DashboardRequest request, DashboardUser user)
    {
        html.Append("<div class=\"user\"><span class=\"user-name\">").Append(Html.E(user.Name)).Append("</span> <span class=\"role role-")
            .Append(Html.E(user.HighestRole)).Append("\">").Append(Html.E(user.HighestRole)).Append("</span>");
        if (user.ViaDevelopmentSignIn)
        {
            html.Append("<form method=\"post\" action=\"/dashboard/sign-out\" class=\"inline\">").Append(Html.AntiforgeryField(request))
                .Append("<button type=\"submit\" class=\"link\">Sign out</button></form>");
        }
        else
        {
            html.Append(" <a href=\"/.auth/logout\">Sign out</a>");
        }
        html.Append("</div>");
    }
}
