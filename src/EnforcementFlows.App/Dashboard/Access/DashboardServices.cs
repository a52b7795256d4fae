using EnforcementFlows.App.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Dashboard;

public static class DashboardServices
{
    /// <summary>Options, the two sign-in schemes behind one selector, and the per-role policies.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section)
            .PostConfigure<IHostEnvironment>((o, env) => o.DevelopmentSignInEffective = o.EnableDevelopmentSignIn || env.IsDevelopment())
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddSingleton<CaseClaims>();
        services.AddSingleton<CaseNotes>();
        services.AddSingleton<QueueQueries>();
        services.AddSingleton<CaseDetailQueries>();
        services.AddSingleton<AccountDetailQueries>();
        services.AddSingleton<DashboardDecisions>();

        services.AddAuthentication()
            .AddPolicyScheme(DashboardSchemes.Selector, "Dashboard", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ClientPrincipalAuthenticationHandler>(DashboardSchemes.ClientPrincipal, null)
            .AddCookie(DashboardSchemes.DevelopmentCookie, o =>
            {
                o.Cookie.Name = DashboardSchemes.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/dashboard";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = "/dashboard/sign-in";
                o.Events = DevelopmentCookieEvents();
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardPolicies.Analyst, p => p.AddAuthenticationSchemes(DashboardSchemes.Selector).RequireRole(Roles.Analyst))
            .AddPolicy(DashboardPolicies.Approver, p => p.AddAuthenticationSchemes(DashboardSchemes.Selector).RequireRole(Roles.Approver))
            .AddPolicy(DashboardPolicies.Admin, p => p.AddAuthenticationSchemes(DashboardSchemes.Selector).RequireRole(Roles.Admin));
        return services;
    }

    private static string SelectScheme(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<DashboardOptions>>().CurrentValue;
        return options.TrustClientPrincipal && http.Request.Headers.ContainsKey("X-MS-CLIENT-PRINCIPAL")
            ? DashboardSchemes.ClientPrincipal
            : DashboardSchemes.DevelopmentCookie;
    }

    /// <summary>
    /// The cookie only counts while the development sign-in is on; without it an anonymous visitor
    /// gets 401 (App Service authentication does the sign-in redirect there), and a user without the
    /// role gets 403 rather than a redirect.
    /// </summary>
    private static CookieAuthenticationEvents DevelopmentCookieEvents() => new()
    {
        OnValidatePrincipal = context =>
        {
            if (!context.HttpContext.RequestServices.GetRequiredService<IOptions<DashboardOptions>>().Value.DevelopmentSignInEffective)
            {
                context.RejectPrincipal();
            }
            return Task.CompletedTask;
        },
        OnRedirectToLogin = context =>
        {
            if (context.HttpContext.RequestServices.GetRequiredService<IOptions<DashboardOptions>>().Value.DevelopmentSignInEffective
                && HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect(context.RedirectUri);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }
            return Task.CompletedTask;
        },
        OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        },
    };
}
