using System.Net.Http.Headers;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Webhooks;

namespace EnforcementFlows.Enforcement.Gateway;

/// <summary>
/// Posts actions to the platform's enforcement endpoint, signed the Standard Webhooks way, with
/// the call's idempotency key both as webhook-id and as Idempotency-Key, so every retry is the
/// same message. Any non-2xx answer is a failure (the activity's durable retry policy retries).
/// </summary>
public sealed class WebhookEnforcementGateway(HttpClient http, Uri endpoint, OutboundWebhookSigner signer) : IEnforcementGateway
{
    public string Name => "webhook";

    public async Task DeliverAsync(EnforcementWebhookPayload payload, CancellationToken cancellation)
    {
        var body = payload.ToUtf8Json();
        var headers = signer.Sign(payload.IdempotencyKey, body);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers.AsDictionary())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.TryAddWithoutValidation("Idempotency-Key", payload.IdempotencyKey);
        using var response = await http.SendAsync(request, cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new EnforcementDeliveryException($"Enforcement endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
    }
}

public sealed class EnforcementDeliveryException(string message) : Exception(message);
