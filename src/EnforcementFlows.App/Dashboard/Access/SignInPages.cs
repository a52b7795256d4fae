using System.Security.Claims;
using System.Text;
using EnforcementFlows.App.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// The development sign-in: choose a name and a role, no password. Only there when
/// <see cref="DashboardOptions.DevelopmentSignInEffective"/>; every page then shows a banner saying so.
/// </summary>
public static class SignInPages
{
    public static RouteGroupBuilder MapSignInPages(this RouteGroupBuilder group)
    {
        group.MapGet("/sign-in", (HttpContext http, string? returnUrl, IOptions<DashboardOptions> options)
            => options.Value.DevelopmentSignInEffective ? Form(http, returnUrl, null) : Disabled(http)).AllowAnonymous();
        group.MapPost("/sign-in", SignIn).AllowAnonymous();
        group.MapPost("/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(DashboardSchemes.DevelopmentCookie);
            return Results.Redirect("/dashboard/sign-in");
        }).AllowAnonymous();
        return group;
    }

    private static async Task<IResult> SignIn(HttpContext http, IOptions<DashboardOptions> options)
    {
        if (!options.Value.DevelopmentSignInEffective)
        {
            return Disabled(http);
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var name = form["name"].ToString().Trim();
        var role = form["role"].ToString();
        if (name.Length is 0 or > 100 || !Roles.All.Contains(role))
        {
            return Form(http, form["returnUrl"], "Enter a name (up to 100 characters) and choose a role.");
        }
        var claims = Roles.Implied(role).Select(r => new Claim(ClaimTypes.Role, r)).Append(new Claim(ClaimTypes.Name, name));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, DashboardSchemes.DevelopmentCookie));
        await http.SignInAsync(DashboardSchemes.DevelopmentCookie, principal);
        return Results.Redirect(LocalReturnUrl(form["returnUrl"]));
    }

    /// <summary>Only dashboard paths are followed after sign-in (no open redirect).</summary>
    public static string LocalReturnUrl(string? url)
        => url is { Length: > 0 } u && u.StartsWith("/dashboard/", StringComparison.Ordinal) && !u.StartsWith("//", StringComparison.Ordinal) && !u.Contains('\\')
            ? u : "/dashboard/queue";

    private static IResult Form(HttpContext http, string? returnUrl, string? error)
    {
        var request = DashboardRequest.For(http);
        var body = new StringBuilder()
            .Append("<p class=\"panel\">This is the <strong>development sign-in</strong>: there is no password and you can pick any role. ")
            .Append("Deployed instances sign reviewers in through Azure App Service authentication instead.</p>");
        if (error is not null)
        {
            body.Append("<p class=\"flash error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        }
        body.Append("<form method=\"post\" action=\"/dashboard/sign-in\" class=\"panel\">").Append(Html.AntiforgeryField(request))
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Html.E(LocalReturnUrl(returnUrl))).Append("\">")
            .Append("<p><label for=\"name\">Your name</label> <input id=\"name\" name=\"name\" required maxlength=\"100\" autocomplete=\"username\"></p>")
            .Append("<p><label for=\"role\">Role</label> <select id=\"role\" name=\"role\">");
        foreach (var role in Roles.All)
        {
            body.Append("<option value=\"").Append(role).Append("\">").Append(role).Append("</option>");
        }
        body.Append("</select></p><button type=\"submit\">Sign in</button></form>");
        return DashboardLayout.Result(new DashboardPage(request, "Development sign-in", DashboardNav.None, body.ToString()));
    }

    private static IResult Disabled(HttpContext http) => DashboardLayout.Result(http, "Sign-in is not available here", DashboardNav.None,
        "<p>The development sign-in is off. Reviewers sign in through the organisation's identity provider (Azure App Service authentication).</p>",
        StatusCodes.Status404NotFound);
}
