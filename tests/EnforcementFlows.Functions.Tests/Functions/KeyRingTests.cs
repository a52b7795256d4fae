using EnforcementFlows.App.Hosting;
using EnforcementFlows.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>
/// Two instances without a shared disk (separate data directories) share the data-protection key ring in a real
/// (Azurite) Blob container: an approval page's anti-forgery token made by one validates on the other.
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private readonly List<string> directories = [];

    private ServiceProvider Instance(string? keyRingConnection)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ef-keyring-" + Guid.NewGuid().ToString("N"));
        directories.Add(directory);
        var settings = new Dictionary<string, string?> { ["EnforcementFlows:DataDirectory"] = directory };
        if (keyRingConnection is not null)
        {
            settings["EnforcementFlows:KeyRing:ConnectionString"] = keyRingConnection;
            settings["EnforcementFlows:KeyRing:Container"] = "keys-test";
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddEnforcementDataProtection(configuration.GetSection(EnforcementFlowsOptions.Section).Get<EnforcementFlowsOptions>()!, configuration);
        services.AddAntiforgery();
        return services.BuildServiceProvider();
    }

    private static (string Cookie, string Field, string Token) Issue(IServiceProvider instance)
    {
        var http = new DefaultHttpContext { RequestServices = instance };
        http.Request.Scheme = "https";
        var tokens = instance.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return (http.Response.Headers.SetCookie.ToString().Split(';')[0], tokens.FormFieldName, tokens.RequestToken!);
    }

    private static async Task<bool> Validates(IServiceProvider instance, (string Cookie, string Field, string Token) issued)
    {
        var http = new DefaultHttpContext { RequestServices = instance };
        http.Request.Scheme = "https";
        http.Request.Method = "POST";
        http.Request.Headers.Cookie = issued.Cookie;
        http.Request.ContentType = "application/x-www-form-urlencoded";
        var body = System.Text.Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(issued.Field)}={Uri.EscapeDataString(issued.Token)}");
        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = body.Length;
        return await instance.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
    }

    [Fact]
    public async Task A_token_issued_by_one_instance_validates_on_another_through_the_blob_key_ring()
    {
        await using var azurite = await AzuriteStorage.StartAsync();
        using var first = Instance(azurite.ConnectionString);
        using var second = Instance(azurite.ConnectionString);

        var issued = Issue(first);

        Assert.True(await Validates(second, issued));
        Assert.True(await Validates(first, issued));
    }

    [Fact]
    public async Task Without_the_key_ring_separate_disks_mean_separate_keys_and_the_token_is_refused()
    {
        using var first = Instance(null);
        using var second = Instance(null);

        Assert.False(await Validates(second, Issue(first)));
    }

    [Fact]
    public void A_key_ring_endpoint_without_https_is_refused_before_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EnforcementFlows:KeyRing:ServiceUri"] = "http://acct.blob.core.windows.net",
        }).Build();
        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddEnforcementDataProtection(new EnforcementFlowsOptions(), configuration));
        Assert.Contains("https blob endpoint", error.Message);
    }

    public void Dispose()
    {
        foreach (var directory in directories.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
