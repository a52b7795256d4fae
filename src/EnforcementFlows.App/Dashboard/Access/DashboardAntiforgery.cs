using Microsoft.AspNetCore.Antiforgery;

namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// Every dashboard POST carries the anti-forgery token of the page it came from; without a valid
/// one the request changes nothing and gets 400 (a page saying so).
/// </summary>
public static class DashboardAntiforgery
{
    public static async ValueTask<object?> ValidatePosts(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return DashboardLayout.Result(http, "This form has expired", DashboardNav.None,
                    "<p>The form was missing its security token or the token was stale. Nothing was changed. Go back, reload the page and try again.</p>",
                    StatusCodes.Status400BadRequest);
            }
        }
        return await next(context);
    }
}
