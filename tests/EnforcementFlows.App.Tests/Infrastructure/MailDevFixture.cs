namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>One MailDev for a test class (IClassFixture); tests keep apart by sending to their own recipients.</summary>
public sealed class MailDevFixture : IAsyncLifetime
{
    private MailDevServer? _server;

    public MailDevServer Server => _server ?? throw new InvalidOperationException("MailDevFixture is not initialized.");

    public async Task InitializeAsync() => _server = await MailDevServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
