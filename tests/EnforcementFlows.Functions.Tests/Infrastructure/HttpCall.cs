using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Functions.Tests.Infrastructure;

/// <summary>What an HTTP function answered, as the ASP.NET Core integration would send it.</summary>
public sealed record HttpAnswer(int Status, string? ContentType, string Body, IHeaderDictionary Headers)
{
    public JsonElement Json()
    {
        using var json = JsonDocument.Parse(Body);
        return json.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/>.</summary>
    public JsonElement AssertProblem(int status)
    {
        Assert.Equal(status, Status);
        Assert.StartsWith("application/problem+json", ContentType);
        var problem = Json();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}

/// <summary>
/// One request to an HTTP function over the Functions app's services (a request scope, as the worker makes one), the
/// function's IActionResult executed as the ASP.NET Core integration executes it.
/// </summary>
public sealed class HttpCall
{
    private readonly DefaultHttpContext http;
    private readonly MemoryStream response = new();

    public HttpCall(IServiceProvider services, string method, string path)
    {
        http = new DefaultHttpContext { RequestServices = services.CreateScope().ServiceProvider };
        http.Request.Method = method;
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("enforcement.example.test");
        var query = path.IndexOf('?', StringComparison.Ordinal);
        http.Request.Path = query < 0 ? path : path[..query];
        http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
        http.Response.Body = response;
    }

    public HttpRequest Request => http.Request;

    public HttpCall Header(string name, string value)
    {
        http.Request.Headers[name] = value;
        return this;
    }

    public HttpCall ApiKey(string key) => Header("Authorization", "Bearer " + key);

    public HttpCall Body(string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        http.Request.ContentType = contentType;
        http.Request.ContentLength = bytes.Length;
        http.Request.Body = new MemoryStream(bytes);
        return this;
    }

    public HttpCall Json(object body) => Body("application/json", JsonSerializer.Serialize(body, JsonSerializerOptions.Web));

    public HttpCall Form(IReadOnlyDictionary<string, string> fields)
        => Body("application/x-www-form-urlencoded", string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))));

    public async Task<HttpAnswer> Send(Func<HttpRequest, Task<IActionResult>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var action = await function(http.Request);
        await action.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        return new HttpAnswer(http.Response.StatusCode, http.Response.ContentType, Encoding.UTF8.GetString(response.ToArray()), http.Response.Headers);
    }
}
