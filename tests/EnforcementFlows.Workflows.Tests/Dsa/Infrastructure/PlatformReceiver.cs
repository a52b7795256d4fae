using System.Collections.Concurrent;
using System.Text.Json;
using EnforcementFlows.Enforcement.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;

/// <summary>
/// The platform's side on a loopback port: it takes the service's signed events (enforcement actions, outcome notices), checks each
/// signature, answers 200, and keeps what arrived so tests can read it.
/// </summary>
public sealed class PlatformReceiver : IAsyncDisposable
{
    public const string Secret = "whsec_cGxhdGZvcm0tcmVjZWl2ZXItc2VjcmV0LTEyMzQ1Ng==";
    private readonly WebApplication _app;
    private readonly WebhookVerifier _verifier = new([WebhookSecret.Parse(Secret)], TimeProvider.System);

    /// <param name="Type">The body's <c>type</c> (enforcement.action, enforcement.notice, ...).</param>
    public sealed record Delivery(string? IdempotencyKey, string? WebhookId, bool SignatureValid, string? Type, JsonElement Body);

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public string Url { get; }

    private PlatformReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<PlatformReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        PlatformReceiver? self = null;
        app.MapPost("/platform", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var id = request.Headers[WebhookHeaders.Id].FirstOrDefault();
            var valid = self!._verifier.Verify(id, request.Headers[WebhookHeaders.Timestamp].FirstOrDefault(),
                request.Headers[WebhookHeaders.Signature].FirstOrDefault(), body).IsValid;
            var json = JsonSerializer.Deserialize<JsonElement>(body);
            var type = json.TryGetProperty("type", out var t) ? t.GetString() : null;
            self.Deliveries.Enqueue(new Delivery(request.Headers["Idempotency-Key"].FirstOrDefault(), id, valid, type, json));
            return Results.StatusCode(valid ? 200 : 401);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new PlatformReceiver(app, address + "/platform");
        return self;
    }

    public IReadOnlyList<Delivery> OfType(string type) => Deliveries.Where(d => d.Type == type).ToList();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
