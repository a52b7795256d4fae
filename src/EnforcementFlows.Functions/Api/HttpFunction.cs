using System.Globalization;
using System.Text.Json;
using EnforcementFlows.App.Api;
using EnforcementFlows.App.Security;
using EnforcementFlows.Functions.Intake;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Functions.Api;

/// <summary>
/// What the self-host's pipeline does around an endpoint, for an HTTP trigger: API-key authentication and the role
/// check (401/403 as problem+json), and the self-host's <see cref="ProblemMapping"/> for what a handler throws (bad
/// input 400, unknown instance 404, wrong state 409, store down 503, anything else 500 without internals).
/// </summary>
public static class HttpFunction
{
    /// <summary>Runs <paramref name="handler"/> for a caller holding <paramref name="role"/> (null: anyone).</summary>
    public static async Task<IActionResult> RunAsync(HttpRequest request, string function, string? role, Func<HttpContext, Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        var http = request.HttpContext;
        try
        {
            if (role is not null && await RefusalAsync(http, role) is { } refusal)
            {
                return new HttpResultAction(refusal);
            }
            return new HttpResultAction(await handler(http));
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            var mapping = ActivatorUtilities.CreateInstance<ProblemMapping>(http.RequestServices);
            await mapping.TryHandleAsync(http, e, http.RequestAborted);
            if (http.Response.StatusCode >= StatusCodes.Status500InternalServerError)
            {
                Log.HttpFunctionFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpFunction)), function, http.Response.StatusCode, e);
            }
            return new EmptyResult(); // the problem is written
        }
    }

    /// <summary>Null when the request carries an API key with <paramref name="role"/>; otherwise the 401 or 403 problem.</summary>
    public static async Task<IResult?> RefusalAsync(HttpContext http, string role)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = await http.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        if (!result.Succeeded)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(title: "Unauthorized", statusCode: StatusCodes.Status401Unauthorized,
                detail: result.None ? "Send an API key (Authorization: Bearer <key> or X-Api-Key)." : "The API key is not known.");
        }
        http.User = result.Principal;
        return http.User.IsInRole(role)
            ? null
            : TypedResults.Problem(title: "Forbidden", statusCode: StatusCodes.Status403Forbidden, detail: $"This needs the {role} role or a higher one.");
    }

    /// <summary>The JSON body as <typeparamref name="T"/> (web defaults, as minimal APIs bind it); a missing or malformed body is a 400.</summary>
    public static async Task<T> BodyAsync<T>(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadRequestException("Send the body as application/json.");
        }
        T? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<T>(request.Body, JsonSerializerOptions.Web, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new BadRequestException($"The body is not a valid {typeof(T).Name}: {e.Message}");
        }
        return body ?? throw new BadRequestException($"The body must be a {typeof(T).Name} object.");
    }

    /// <summary>An optional JSON body (instance operations' reason); none or empty is null, malformed is a 400.</summary>
    public static async Task<T?> OptionalBodyAsync<T>(HttpRequest request) where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null) ? null : await BodyAsync<T>(request);
    }

    public static string? Query(HttpRequest request, string name)
        => request?.Query.TryGetValue(name, out var v) == true && v.ToString() is { Length: > 0 } s ? s : null;

    public static int? QueryInt(HttpRequest request, string name)
        => Query(request, name) is { } s
            ? int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new BadRequestException($"Query parameter '{name}' must be an integer (got '{s}').")
            : null;

    public static DateTimeOffset? QueryTime(HttpRequest request, string name)
        => Query(request, name) is { } s
            ? DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw new BadRequestException($"Query parameter '{name}' must be a date and time (got '{s}').")
            : null;
}
