using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// A tiny real Kestrel app on a loopback port with the routes a test maps: pages for the browser
/// to open, or links an email points at.
/// </summary>
public sealed class LocalWebApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalWebApp(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The base address, "http://127.0.0.1:PORT" (no trailing slash).</summary>
    public string Url { get; }

    public static async Task<LocalWebApp> StartAsync(Action<WebApplication> mapRoutes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        mapRoutes(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalWebApp(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
