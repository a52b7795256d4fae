using System.Collections.Concurrent;
using EnforcementFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace EnforcementFlows.Functions.Tests.Infrastructure;

/// <summary>
/// The platform's webhook on a loopback port (<see cref="SignedWebhookServer"/>): it records every delivery with its
/// signature checked against <see cref="Secret"/>, and answers <see cref="Status"/>.
/// </summary>
public sealed class NoticeReceiver : IAsyncDisposable
{
    public const string Secret = "whsec_c2VjcmV0LWZvci1vdXRib3VuZC13ZWJob29rcy0xMjM0";

    public sealed record Delivery(string? WebhookId, string? IdempotencyKey, bool SignatureValid, string Body);

    private SignedWebhookServer _server = null!;

    private NoticeReceiver()
    {
    }

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public int Status { get; set; } = StatusCodes.Status200OK;

    public string Url => _server.Url;

    public static async Task<NoticeReceiver> StartAsync()
    {
        var self = new NoticeReceiver();
        self._server = await SignedWebhookServer.StartAsync(Secret, "/webhook", received =>
        {
            self.Deliveries.Enqueue(new Delivery(received.WebhookId, received.IdempotencyKey, received.SignatureValid, System.Text.Encoding.UTF8.GetString(received.Body)));
            return self.Status;
        });
        return self;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
