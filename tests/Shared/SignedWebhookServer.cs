using EnforcementFlows.Enforcement.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Tests.Infrastructure;

/// <summary>One signed webhook as a receiver saw it: its ids, whether its Standard Webhooks signature checked out, its raw body.</summary>
public sealed record ReceivedWebhook(string? WebhookId, string? IdempotencyKey, bool SignatureValid, byte[] Body);

/// <summary>
/// A real HTTP server on a free loopback port standing in for the platform's side of the service's outbound webhooks:
/// every POST to <see cref="Url"/> has its signature checked against the secret and goes to the handler, whose answer
/// is the status code sent back. The test receivers (actions, notices) are thin layers over it.
/// </summary>
public sealed class SignedWebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SignedWebhookServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<SignedWebhookServer> StartAsync(string secret, string path, Func<ReceivedWebhook, int> handle)
    {
        var verifier = new WebhookVerifier([WebhookSecret.Parse(secret)], TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost(path, async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var headers = request.Headers;
            var id = headers[WebhookHeaders.Id].FirstOrDefault();
            var valid = verifier.Verify(id, headers[WebhookHeaders.Timestamp].FirstOrDefault(), headers[WebhookHeaders.Signature].FirstOrDefault(), body).IsValid;
            return Results.StatusCode(handle(new ReceivedWebhook(id, headers["Idempotency-Key"].FirstOrDefault(), valid, body)));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SignedWebhookServer(app, address + path);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
