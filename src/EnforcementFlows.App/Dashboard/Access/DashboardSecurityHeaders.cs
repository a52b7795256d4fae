namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// Headers on every response under /dashboard (pages, assets, redirects and refusals alike): a CSP
/// that allows only this app's own script and stylesheet (no inline script), no framing, no referrer.
/// </summary>
public static class DashboardSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IApplicationBuilder UseDashboardSecurityHeaders(this IApplicationBuilder app)
        => app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/dashboard"))
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers["Referrer-Policy"] = "no-referrer";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers.CacheControl = "no-store";
            }
            await next(http);
        });
}
