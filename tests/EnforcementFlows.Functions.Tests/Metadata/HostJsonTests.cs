using System.Text.Json;
using EnforcementFlows.App.Workflows;
using EnforcementFlows.Functions.Tests.Infrastructure;

namespace EnforcementFlows.Functions.Tests.Metadata;

/// <summary>The repository root's host.json is the isolated worker app's, and the build ships it.</summary>
public sealed class HostJsonTests
{
    private static JsonElement Load(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.Clone();
    }

    [Fact]
    public void Host_json_configures_durable_task_and_has_no_custom_handler()
    {
        var root = Load(Path.Combine(BuildPaths.RepositoryRoot, "host.json"));
        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.False(root.TryGetProperty("customHandler", out _));
        // Isolated apps carry their extensions in the app (extensions.json); a bundle does not apply.
        Assert.False(root.TryGetProperty("extensionBundle", out _));
        var durable = root.GetProperty("extensions").GetProperty("durableTask");
        var hub = durable.GetProperty("hubName").GetString()!;
        // The same rules and default as the self-host's task hub, so both name one hub the same way.
        Assert.Empty(new TaskHubOptions { HubName = hub }.Problems("host.json"));
        Assert.Equal(new TaskHubOptions().HubName, hub);
        var storage = durable.GetProperty("storageProvider");
        Assert.Equal("AzureStorage", storage.GetProperty("type").GetString());
        Assert.Equal("AzureWebJobsStorage", storage.GetProperty("connectionName").GetString());
        Assert.InRange(durable.GetProperty("maxConcurrentOrchestratorFunctions").GetInt32(), 1, 1000);
        Assert.InRange(durable.GetProperty("maxConcurrentActivityFunctions").GetInt32(), 1, 1000);
        Assert.Equal("Information", root.GetProperty("logging").GetProperty("logLevel").GetProperty("default").GetString());
    }

    [Fact]
    public void The_build_output_carries_the_root_host_json()
    {
        var shipped = File.ReadAllText(Path.Combine(BuildPaths.FunctionsOutput, "host.json"));
        Assert.Equal(File.ReadAllText(Path.Combine(BuildPaths.RepositoryRoot, "host.json")), shipped);
    }

    [Fact]
    public void The_build_output_leaves_out_the_self_host_s_appsettings()
    {
        // Its Urls and relative data directory are the self-host's; the Functions app reads app settings.
        Assert.False(File.Exists(Path.Combine(BuildPaths.FunctionsOutput, "appsettings.json")));
        Assert.True(File.Exists(Path.Combine(BuildPaths.FunctionsOutput, "EnforcementFlows.App.dll")));
    }
}
