using EnforcementFlows.AuditArchive.Tests.Infrastructure;

namespace EnforcementFlows.AuditArchive.Tests;

public sealed class AzuriteFixtureTests
{
    [Fact]
    public async Task A_missing_azurite_fails_with_how_to_install_it_rather_than_skipping()
    {
        var empty = Path.Combine(Path.GetTempPath(), "ef-tests", "no-azurite-" + Guid.NewGuid().ToString("N"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AzuriteServer.StartAsync(installDirectory: empty));
        Assert.Contains("infra/test.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("azurite@3.37.0", error.Message, StringComparison.Ordinal);
    }
}
