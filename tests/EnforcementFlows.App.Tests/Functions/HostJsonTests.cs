using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests.Functions;

/// <summary>
/// The custom handler package's host.json (infra/custom-handler, copied by infra/publish-functions.sh): the Functions host
/// starts this app. The repository root's host.json is the isolated worker app's (tests/EnforcementFlows.Functions.Tests).
/// </summary>
public sealed class HostJsonTests
{
    [Fact]
    public void Host_json_forwards_http_to_the_app_executable_with_no_route_prefix()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "custom-handler", "host.json")));
        var root = json.RootElement;
        Assert.Equal("2.0", root.GetProperty("version").GetString());
        var handler = root.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        var description = handler.GetProperty("description");
        // The published executable carries the assembly's name (no extension on linux-x64).
        Assert.Equal(typeof(Program).Assembly.GetName().Name, description.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal(["serve"], description.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("", root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        var bundle = root.GetProperty("extensionBundle");
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", bundle.GetProperty("id").GetString());
        Assert.Equal("[4.*, 5.0.0)", bundle.GetProperty("version").GetString());
    }
}
