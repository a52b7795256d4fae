using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EnforcementFlows.App.Tests;

public sealed class HealthApiTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ef-tests", "app-" + Guid.NewGuid().ToString("N"));
    private readonly WebApplicationFactory<Program> _factory;

    public HealthApiTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("EnforcementFlows:DataDirectory", _data));
    }

    [Fact]
    public async Task Health_and_readiness_answer_and_the_embedded_database_is_created_in_the_data_directory()
    {
        using var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("ready", await ready.Content.ReadAsStringAsync());
        Assert.True(File.Exists(Path.Combine(_data, "enforcementflows.db")));
    }

    [Fact]
    public async Task Unsupported_storage_provider_fails_start_naming_the_key()
    {
        // A plain host: WebApplicationFactory can hide a failed start behind ObjectDisposedException.
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        builder.Configuration["EnforcementFlows:DataDirectory"] = _data;
        builder.Configuration["EnforcementFlows:Storage:Provider"] = "Oracle";
        EnforcementFlows.App.Hosting.EnforcementServices.AddEnforcementServices(builder);
        await using var app = builder.Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        Assert.Contains("EnforcementFlows:Storage:Provider", error.Message);
        Assert.DoesNotContain("   at ", error.Message);
    }

    public void Dispose()
    {
        _factory.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
