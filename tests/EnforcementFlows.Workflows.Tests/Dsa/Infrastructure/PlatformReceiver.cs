using System.Collections.Concurrent;
using System.Text.Json;
using EnforcementFlows.Tests.Infrastructure;

namespace EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;

/// <summary>
/// The platform's side on a loopback port (<see cref="SignedWebhookServer"/>): it takes the service's signed events (enforcement
/// actions, outcome notices), checks each signature, answers 200, and keeps what arrived so tests can read it.
/// </summary>
public sealed class PlatformReceiver : IAsyncDisposable
{
    public const string Secret = "whsec_cGxhdGZvcm0tcmVjZWl2ZXItc2VjcmV0LTEyMzQ1Ng==";
    private SignedWebhookServer _server = null!;

    /// <param name="Type">The body's <c>type</c> (enforcement.action, enforcement.notice, ...).</param>
    public sealed record Delivery(string? IdempotencyKey, string? WebhookId, bool SignatureValid, string? Type, JsonElement Body);

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public string Url => _server.Url;

    private PlatformReceiver()
    {
    }

    public static async Task<PlatformReceiver> StartAsync()
    {
        var self = new PlatformReceiver();
        self._server = await SignedWebhookServer.StartAsync(Secret, "/platform", received =>
        {
            var json = JsonSerializer.Deserialize<JsonElement>(received.Body);
            var type = json.TryGetProperty("type", out var t) ? t.GetString() : null;
            self.Deliveries.Enqueue(new Delivery(received.IdempotencyKey, received.WebhookId, received.SignatureValid, type, json));
            return received.SignatureValid ? 200 : 401;
        });
        return self;
    }

    public IReadOnlyList<Delivery> OfType(string type) => Deliveries.Where(d => d.Type == type).ToList();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
