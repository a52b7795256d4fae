using System.Collections.Concurrent;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on a loopback port standing in for the platform's enforcement endpoint:
/// it checks every signature, fails the first attempts per idempotency key with 503, and applies
/// each key's effect once. The service posts its outcome notices (<c>enforcement.outcome_notice</c>, DSA) here too: they are
/// kept apart in <see cref="Notices"/> (signature checked, answered 200 at once), so <see cref="Attempts"/> and
/// <see cref="Effects"/> stay the actions'.
/// </summary>
public sealed class EnforcementReceiver : IAsyncDisposable
{
    public const string Secret = "whsec_c2VjcmV0LWZvci1vdXRib3VuZC13ZWJob29rcy0xMjM0";
    private readonly WebApplication _app;
    private readonly WebhookVerifier _verifier = new([WebhookSecret.Parse(Secret)], TimeProvider.System);

    /// <param name="Type">The body's <c>type</c>: enforcement.action, enforcement.outcome_notice.</param>
    public sealed record Attempt(string? IdempotencyKey, string? WebhookId, bool SignatureValid, int Status, EnforcementWebhookPayload? Payload,
        string? Type = null, System.Text.Json.JsonElement Body = default);

    public ConcurrentQueue<Attempt> Attempts { get; } = new();
    public ConcurrentDictionary<string, int> Effects { get; } = new();

    /// <summary>Every delivery of an event other than an action (outcome notices), in arrival order.</summary>
    public ConcurrentQueue<Attempt> Notices { get; } = new();
    public int FailFirstAttempts { get; set; } = 2;
    public string Url { get; }

    private EnforcementReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<EnforcementReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        EnforcementReceiver? self = null;
        app.MapPost("/enforce", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            return self!.Handle(request, buffer.ToArray());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new EnforcementReceiver(app, address + "/enforce");
        return self;
    }

    private IResult Handle(HttpRequest request, byte[] body)
    {
        var key = request.Headers["Idempotency-Key"].FirstOrDefault();
        var id = request.Headers[WebhookHeaders.Id].FirstOrDefault();
        var valid = _verifier.Verify(id, request.Headers[WebhookHeaders.Timestamp].FirstOrDefault(), request.Headers[WebhookHeaders.Signature].FirstOrDefault(), body).IsValid;
        var json = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(body);
        var type = json.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type != EnforcementWebhookPayload.EventType)
        {
            Notices.Enqueue(new Attempt(key, id, valid, valid ? 200 : 401, null, type, json));
            return Results.StatusCode(valid ? 200 : 401);
        }
        var payload = EnforcementWebhookPayload.FromUtf8Json(body);
        var earlier = Attempts.Count(a => a.IdempotencyKey == key);
        var status = !valid ? 401 : earlier < FailFirstAttempts ? 503 : 200;
        Attempts.Enqueue(new Attempt(key, id, valid, status, payload, type, json));
        if (status == 200 && key is not null)
        {
            Effects.AddOrUpdate(key, 1, (_, n) => n); // the platform's own dedupe: a key takes effect once
        }
        return Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
