using System.Globalization;
using System.Text;
using EnforcementFlows.Enforcement.Webhooks;

namespace EnforcementFlows.Benchmarks.Service;

/// <summary>Signed intake requests, built before a timed window so signing is not part of the measurement.</summary>
internal static class Signed
{
    private static readonly WebhookSecret Secret = WebhookSecret.Parse(ServiceProcess.SourceSecret);

    public static HttpRequestMessage Request(string path, string json)
    {
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes(json);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookHeaders.Id, id);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookHeaders.Signature, WebhookSignature.Compute(Secret, id, timestamp, body));
        return request;
    }

    public static string Flag(string flagId, string accountId, double confidence, string category)
        => $$"""{"flagId":"{{flagId}}","detector":"bench-detector","accountId":"{{accountId}}","category":"{{category}}","confidence":{{confidence.ToString(CultureInfo.InvariantCulture)}}}""";

    public static string Report(string reportId, string accountId)
        => $$"""{"reportId":"{{reportId}}","reporterId":"bench-reporter","accountId":"{{accountId}}","category":"spam","text":"Buy cheap pills now!!! Click http://spam.example/offer to claim your prize"}""";
}
