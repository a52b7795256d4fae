using System.Collections.Concurrent;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// The platform's enforcement endpoint on a loopback port (<see cref="SignedWebhookServer"/>):
/// it checks every signature, fails the first attempts per idempotency key with 503, and applies
/// each key's effect once. The service posts its outcome notices (<c>enforcement.outcome_notice</c>, DSA) here too: they are
/// kept apart in <see cref="Notices"/> (signature checked, answered 200 at once), so <see cref="Attempts"/> and
/// <see cref="Effects"/> stay the actions'.
/// </summary>
public sealed class EnforcementReceiver : IAsyncDisposable
{
    public const string Secret = "whsec_c2VjcmV0LWZvci1vdXRib3VuZC13ZWJob29rcy0xMjM0";
    private SignedWebhookServer _server = null!;

    /// <param name="Type">The body's <c>type</c>: enforcement.action, enforcement.outcome_notice.</param>
    public sealed record Attempt(string? IdempotencyKey, string? WebhookId, bool SignatureValid, int Status, EnforcementWebhookPayload? Payload,
        string? Type = null, System.Text.Json.JsonElement Body = default);

    public ConcurrentQueue<Attempt> Attempts { get; } = new();
    public ConcurrentDictionary<string, int> Effects { get; } = new();

    /// <summary>Every delivery of an event other than an action (outcome notices), in arrival order.</summary>
    public ConcurrentQueue<Attempt> Notices { get; } = new();
    public int FailFirstAttempts { get; set; } = 2;
    public string Url => _server.Url;

    private EnforcementReceiver()
    {
    }

    public static async Task<EnforcementReceiver> StartAsync()
    {
        var self = new EnforcementReceiver();
        self._server = await SignedWebhookServer.StartAsync(Secret, "/enforce", self.Handle);
        return self;
    }

    private int Handle(ReceivedWebhook received)
    {
        var (key, id, valid, body) = (received.IdempotencyKey, received.WebhookId, received.SignatureValid, received.Body);
        var json = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(body);
        var type = json.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type != EnforcementWebhookPayload.EventType)
        {
            Notices.Enqueue(new Attempt(key, id, valid, valid ? 200 : 401, null, type, json));
            return valid ? 200 : 401;
        }
        var payload = EnforcementWebhookPayload.FromUtf8Json(body);
        var earlier = Attempts.Count(a => a.IdempotencyKey == key);
        var status = !valid ? 401 : earlier < FailFirstAttempts ? 503 : 200;
        Attempts.Enqueue(new Attempt(key, id, valid, status, payload, type, json));
        if (status == 200 && key is not null)
        {
            Effects.AddOrUpdate(key, 1, (_, n) => n); // the platform's own dedupe: a key takes effect once
        }
        return status;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
