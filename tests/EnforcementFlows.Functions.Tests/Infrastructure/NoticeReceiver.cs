using System.Collections.Concurrent;
using EnforcementFlows.Enforcement.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Functions.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on a loopback port standing in for the platform's webhook: it records every delivery with its
/// signature checked against <see cref="Secret"/>, and answers <see cref="Status"/>.
/// </summary>
public sealed class NoticeReceiver : IAsyncDisposable
{
    public const string Secret = "whsec_c2VjcmV0LWZvci1vdXRib3VuZC13ZWJob29rcy0xMjM0";

    public sealed record Delivery(string? WebhookId, string? IdempotencyKey, bool SignatureValid, string Body);

    private readonly WebApplication app;
    private readonly WebhookVerifier verifier = new([WebhookSecret.Parse(Secret)], TimeProvider.System);

    private NoticeReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public int Status { get; set; } = StatusCodes.Status200OK;

    public string Url { get; private set; } = "";

    public static async Task<NoticeReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var self = new NoticeReceiver(app);
        app.MapPost("/webhook", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var headers = request.Headers;
            var check = self.verifier.Verify(headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], body);
            self.Deliveries.Enqueue(new Delivery(headers["webhook-id"], headers["Idempotency-Key"], check.IsValid, System.Text.Encoding.UTF8.GetString(body)));
            return Results.StatusCode(self.Status);
        });
        await app.StartAsync();
        self.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/webhook";
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
