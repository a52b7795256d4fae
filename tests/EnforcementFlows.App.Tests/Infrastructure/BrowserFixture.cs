using Microsoft.Playwright;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium (installed by infra/test.d/chromium.sh) driven by Playwright, shared
/// by the tests of the "Browser" collection; each test takes its own context (cookies, storage).
/// Playwright's own browser download cannot work here, so the executable is always the system one.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", // the tests run as root, where Chromium's sandbox refuses to start
        "--disable-gpu",
        // Nothing but the pages under test may reach the network.
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>artifacts/screenshots/ in the repository (gitignored; CI keeps artifacts/).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("BrowserFixture is not initialized.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed ({ChromiumPath} is missing). Run `bash infra/test.sh` once: infra/test.d/chromium.sh installs Debian's chromium.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArguments,
            Timeout = 60_000, // a loaded 2-core machine can take a while to start a browser
        });
    }

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 800 } });
        // CI runs every test project at once on two cores; Playwright's 30 s default is too tight there.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
    }

    /// <summary>Saves a full-page PNG as artifacts/screenshots/{name}.png and returns its path.</summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
