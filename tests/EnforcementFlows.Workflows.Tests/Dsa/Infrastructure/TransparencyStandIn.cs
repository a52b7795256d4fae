using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;

/// <summary>
/// A stand-in for the DSA Transparency Database's <c>POST /api/v1/statements</c> on a loopback port, answering as its documentation
/// says: 401 without the token, 422 with <c>errors.statement_N</c> for statements that fail infra/transparency-database's schema
/// (or that a test marks as refused), 422 with <c>errors.existing_puids</c> for a puid it holds already, 201 otherwise; nothing of
/// a refused batch is stored. Tests can queue plain answers first (a 429 with Retry-After, a 500).
/// </summary>
public sealed class TransparencyStandIn : IAsyncDisposable
{
    public const string Token = "X|tdb-stand-in-token-4c7a1f0e9d";
    private readonly WebApplication _app;

    /// <param name="Status">What the stand-in answered.</param>
    public sealed record Call(DateTimeOffset At, string? Authorization, int Status, IReadOnlyList<string> Puids);

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Stored statements by puid (what the Database would publish).</summary>
    public ConcurrentDictionary<string, JsonElement> Stored { get; } = new();

    /// <summary>Answers to give before any validation, in order: (status, Retry-After seconds or null).</summary>
    public ConcurrentQueue<(int Status, int? RetryAfter)> Scripted { get; } = new();

    /// <summary>A rule of the Database a schema cannot express: the reason a statement is refused, or null.</summary>
    public Func<JsonElement, string?> Refuse { get; set; } = _ => null;

    /// <summary>Store the next batches but answer 502, as if the answer was lost on the way back.</summary>
    public int LoseAnswers;

    public string BaseUrl { get; }

    private TransparencyStandIn(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<TransparencyStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TransparencyStandIn? self = null;
        app.MapPost("/api/v1/statements", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync();
            return self!.Handle(request.Headers.Authorization.FirstOrDefault(), text);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new TransparencyStandIn(app, address);
        return self;
    }

    private IResult Handle(string? authorization, string text)
    {
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        var puids = body.TryGetProperty("statements", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(s => s.TryGetProperty("puid", out var p) ? p.GetString() ?? "" : "").ToList()
            : [];
        IResult Answer(int status, object? json = null, int? retryAfter = null)
        {
            Calls.Enqueue(new Call(DateTimeOffset.UtcNow, authorization, status, puids));
            if (retryAfter is { } seconds)
            {
                return new RetryAfterResult(status, seconds);
            }
            return json is null ? Results.StatusCode(status) : Results.Json(json, statusCode: status);
        }

        if (Scripted.TryDequeue(out var scripted))
        {
            return Answer(scripted.Status, new { message = "scripted" }, scripted.RetryAfter);
        }
        if (authorization != "Bearer " + Token)
        {
            return Answer(401, new { message = "Unauthenticated." });
        }
        if (TransparencySchema.Errors(TransparencySchema.Batch, body) is { Count: > 0 } batchErrors && list.ValueKind != JsonValueKind.Array)
        {
            return Answer(422, new { message = "invalid", errors = new { statements = batchErrors } });
        }
        var errors = new JsonObject();
        var index = 0;
        foreach (var statement in list.EnumerateArray())
        {
            var problems = TransparencySchema.Errors(TransparencySchema.Statement, statement).ToList();
            if (Refuse(statement) is { } why)
            {
                problems.Add(why);
            }
            if (problems.Count > 0)
            {
                errors["statement_" + index] = new JsonObject { ["schema"] = new JsonArray([.. problems.Select(p => (JsonNode)p)]) };
            }
            index++;
        }
        if (errors.Count > 0)
        {
            return Answer(422, new JsonObject { ["errors"] = errors });
        }
        var existing = puids.Where(Stored.ContainsKey).ToList();
        if (existing.Count > 0)
        {
            return Answer(422, new { message = "The platform identifier(s) are not all unique within this call.", errors = new { puid = new[] { "not unique" }, existing_puids = existing } });
        }
        var created = new JsonArray();
        foreach (var statement in list.EnumerateArray())
        {
            Stored[statement.GetProperty("puid").GetString()!] = statement.Clone();
            var copy = JsonNode.Parse(statement.GetRawText())!.AsObject();
            copy["uuid"] = Guid.NewGuid().ToString();
            created.Add(copy);
        }
        return Interlocked.Decrement(ref LoseAnswers) >= 0 ? Answer(502, new { message = "answer lost" }) : Answer(201, new JsonObject { ["statements"] = created });
    }

    private sealed class RetryAfterResult(int status, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return httpContext.Response.WriteAsync("Limit Reached. Please do not overload the API");
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
