using System.Text;
using EnforcementFlows.Enforcement.Webhooks;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>Builds signed intake requests the way a platform would send them.</summary>
public static class WebhookSender
{
    public static HttpRequestMessage Signed(string path, string json, string? webhookId = null, DateTimeOffset? at = null, string secret = AppFactory.SourceSecret,
        string contentType = "application/json")
    {
        var id = webhookId ?? "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes(json);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.Add(WebhookHeaders.Id, id);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookHeaders.Signature, WebhookSignature.Compute(WebhookSecret.Parse(secret), id, timestamp, body));
        return request;
    }

    public static string Report(string reportId, string accountId, string category = "spam", string reporter = "reporter-1",
        string text = "Buy cheap pills now!!! Click http://spam.example/offer to claim your prize")
        => $$"""{"reportId":"{{reportId}}","reporterId":"{{reporter}}","accountId":"{{accountId}}","category":"{{category}}","text":"{{text}}"}""";

    public static string Flag(string flagId, string accountId, double confidence, string category = "spam", string detector = "spam-detector")
        => $$"""{"flagId":"{{flagId}}","detector":"{{detector}}","accountId":"{{accountId}}","category":"{{category}}","confidence":{{confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""";
}
