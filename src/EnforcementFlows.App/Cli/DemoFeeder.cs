using System.Globalization;
using System.Text;
using EnforcementFlows.App.Security;
using EnforcementFlows.Enforcement.Webhooks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EnforcementFlows.App.Cli;

/// <summary>
/// For `demo`: posts a realistic, signed stream of reports and flags to the running service so a
/// newcomer sees every path — automatic action, dismissal, human approval, sweeps.
/// </summary>
internal sealed class DemoFeeder(IServer server, FirstRunSecrets secrets, IHostApplicationLifetime lifetime, DemoSettings settings,
    Storage.IDomainDatabase store, Microsoft.Extensions.Options.IOptions<Dashboard.DashboardOptions> dashboard, IHostEnvironment environment)
    : BackgroundService
{
    private const int ProgressEvery = 10;
    private int _sent;

    private static readonly string[] Texts =
    [
        "He keeps sending me links to a 'crypto doubling' site and asks for my wallet seed phrase.",
        "This account posted my home address and said they would come over tonight.",
        "Spam: the same 'cheap followers' message was posted 40 times in the community chat.",
        "I think this is fine, they just disagreed with me in a thread.",
        "Impersonating our support team and asking users for their passwords.",
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        var baseUrl = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        var signer = new OutboundWebhookSigner(WebhookSecret.Parse(secrets.DemoIntakeSecret), TimeProvider.System);
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var random = new Random(7);
        var dashboardUrl = baseUrl.TrimEnd('/') + "/dashboard";
        Console.WriteLine(dashboard.Value.DevelopmentSignInEffective
            ? $"demo: development sign-in is ON ({environment.EnvironmentName} environment): at {dashboardUrl} anyone who can reach this port signs in with any name and role. Never expose it."
            : $"demo: development sign-in is OFF ({environment.EnvironmentName} environment): the dashboard at {dashboardUrl} needs App Service authentication.");
        // The tally is printed before the host stops its services, while the store still answers.
        using var stopping = lifetime.ApplicationStopping.Register(() => PrintTally(dashboardUrl));
        Console.WriteLine(settings.Count is { } total
            ? $"demo: sending {total} signed reports and flags to {baseUrl}, one a second, then the tally"
            : $"demo: feeding signed reports and flags to {baseUrl} every second (Ctrl+C to stop and see the tally)");
        for (var n = 1; !stoppingToken.IsCancellationRequested; n++)
        {
            if (settings.Count is { } count && n > count)
            {
                // Let the last cases finish collecting (the demo's window) and get decided, then stop: the tally prints on the way out.
                Console.WriteLine($"demo: {count} signals sent; waiting {settings.Settle.TotalSeconds:0} s for their cases to be decided");
                await Task.Delay(settings.Settle, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                lifetime.StopApplication();
                return;
            }
            var (path, json, what) = Next(n, random);
            var body = Encoding.UTF8.GetBytes(json);
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in signer.Sign($"demo_{n}_{Guid.NewGuid():N}", body).AsDictionary())
            {
                request.Headers.Add(name, value);
            }
            try
            {
                using var response = await http.SendAsync(request, stoppingToken);
                Console.WriteLine($"demo: #{n} {what} -> {(int)response.StatusCode} {response.Headers.Location}");
                if (response.IsSuccessStatusCode && Interlocked.Increment(ref _sent) % ProgressEvery == 0)
                {
                    Console.WriteLine("demo: so far " + (await DemoTally.ReadAsync(store, _sent, stoppingToken)).Line());
                }
            }
            catch (HttpRequestException ex)
            {
                Console.WriteLine($"demo: #{n} failed: {ex.Message}");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void PrintTally(string dashboardUrl)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            Console.WriteLine(DemoTally.ReadAsync(store, Volatile.Read(ref _sent), timeout.Token).GetAwaiter().GetResult().Summary(dashboardUrl));
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
        {
            Console.WriteLine($"demo: {Volatile.Read(ref _sent)} signals sent; the tally could not be read ({ex.GetType().Name})");
        }
    }

    private static (string Path, string Json, string What) Next(int n, Random random)
    {
        var account = $"acct-demo-{random.Next(1, 12)}";
        string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        return (n % 6) switch
        {
            0 => ("/api/flags", $$"""{"flagId":"demo-flag-{{n}}","detector":"spam-burst","accountId":"{{account}}","category":"spam","confidence":{{F(0.9 + random.NextDouble() * 0.1)}}}""",
                $"strong spam flag on {account} (automatic restriction)"),
            1 => ("/api/flags", $$"""{"flagId":"demo-flag-{{n}}","detector":"weak-signal-{{n % 3}}","accountId":"{{account}}","category":"scam_fraud","confidence":{{F(0.3 + random.NextDouble() * 0.15)}}}""",
                $"weak scam flag on {account} (held for the sweep)"),
            2 => ("/api/flags", $$"""{"flagId":"demo-flag-{{n}}","detector":"threat-classifier","accountId":"{{account}}","category":"violent_threat","confidence":{{F(0.95)}}}""",
                $"violent threat flag on {account} (needs human approval)"),
            3 => ("/api/reports", $$"""{"reportId":"demo-report-{{n}}","reporterId":"user-{{random.Next(1, 40)}}","accountId":"{{account}}","category":"harassment","text":"{{Texts[3]}}"}""",
                $"mild harassment report on {account} (likely dismissed)"),
            _ => ("/api/reports", $$"""{"reportId":"demo-report-{{n}}","reporterId":"user-{{random.Next(1, 40)}}","accountId":"{{account}}","category":"scam_fraud","text":"{{Texts[random.Next(0, 3) == 0 ? 0 : 4]}}"}""",
                $"scam report on {account}"),
        };
    }
}
