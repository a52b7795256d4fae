using System.CommandLine;
using System.Text;
using EnforcementFlows.App.Security;
using EnforcementFlows.Enforcement.Webhooks;

namespace EnforcementFlows.App.Cli;

/// <summary>`webhook send`: signs a JSON file the Standard Webhooks way and posts it to an intake endpoint.</summary>
internal static partial class WebhookCommands
{
    public static Command Create()
    {
        var webhook = new Command("webhook", "Send signed webhooks (for integrations and demos).");
        var file = new Argument<FileInfo>("file") { Description = "JSON file with a report, a flag, or an array of flags." };
        var url = new Option<string>("--url") { Description = "Intake endpoint, e.g. http://127.0.0.1:5080/api/reports (default: the configured Urls' first, /api/reports, or /api/flags when the file has 'flagId')." };
        var secret = new Option<string?>("--secret") { Description = "The source's whsec_ secret (default: the demo source's secret from the data directory)." };
        var apiKey = new Option<string?>("--key")
        {
            Description = "An analyst API key to follow the signal to its case (default: $EF_ADMIN_KEY, else the first-run key in the data directory).",
        };
        var data = EnforcementCli.DataDirectoryOption();
        var send = new Command("send", "Sign FILE and POST it; prints the response, the case the signal joined and when it is assessed.") { file, url, secret, apiKey, data };
        send.SetAction(async (result, ct) =>
        {
            var body = await File.ReadAllBytesAsync(result.GetValue(file)!.FullName, ct);
            var key = result.GetValue(secret) ?? DemoSecret(result.GetValue(data));
            var target = result.GetValue(url) ?? $"{ServiceUrl()}/api/{(Encoding.UTF8.GetString(body).Contains("\"flagId\"", StringComparison.Ordinal) ? "flags" : "reports")}";
            var headers = new OutboundWebhookSigner(WebhookSecret.Parse(key), TimeProvider.System).Sign("msg_" + Guid.NewGuid().ToString("N"), body);
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in headers.AsDictionary())
            {
                request.Headers.Add(name, value);
            }
            using var response = await http.SendAsync(request, ct);
            Console.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}{(response.Headers.Location is { } l ? " -> " + l : "")}");
            var answer = await response.Content.ReadAsStringAsync(ct);
            Console.WriteLine(answer);
            if (!response.IsSuccessStatusCode)
            {
                return 1;
            }
            await FollowAsync(http, new Uri(target), answer, ApiKey(result.GetValue(apiKey), result.GetValue(data)), ct);
            return 0;
        });
        webhook.Subcommands.Add(send);
        return webhook;
    }

    /// <summary>Where the service listens by its configuration (Urls in appsettings.json, ASPNETCORE_URLS), as started from here.</summary>
    private static string ServiceUrl()
    {
        var first = (EnforcementCli.Configuration()["urls"] ?? "http://127.0.0.1:5080").Split(';', StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd('/');
        // A listen-on-every-interface address is reached on loopback.
        foreach (var any in new[] { "://*:", "://+:", "://0.0.0.0:", "://[::]:" })
        {
            first = first.Replace(any, "://127.0.0.1:", StringComparison.Ordinal);
        }
        return first;
    }

    private static string DemoSecret(string? dataDirectory)
    {
        var directory = EnforcementCli.ResolveDataDirectory(dataDirectory);
        var path = Path.Combine(directory, FirstRunSecrets.FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No demo secret at '{path}': start the service once (it creates it), pass --data-directory, or pass --secret.");
        }
        return FirstRunSecrets.LoadOrCreate(path).DemoIntakeSecret;
    }
}
