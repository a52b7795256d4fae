using EnforcementFlows.App.Hosting;
using EnforcementFlows.AuditArchive;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Tests;

/// <summary>EnforcementFlows:AuditArchive: off unless configured, validated naming the key, and never echoing the connection string.</summary>
public sealed class AuditArchiveOptionsTests
{
    private const string Azurite = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1";

    [Fact]
    public void Without_settings_the_archive_is_off_and_no_job_is_hosted()
    {
        var (options, services) = Resolve();
        Assert.False(options.IsEnabled);
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IHostedService));
    }

    [Fact]
    public void A_connection_string_turns_on_the_job()
    {
        var (options, services) = Resolve(("EnforcementFlows:AuditArchive:ConnectionString", Azurite));
        Assert.True(options.IsEnabled);
        Assert.True(options.CreateClient().UsesAccountKey);
        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService));
    }

    [Fact]
    public void A_service_uri_uses_a_token_credential()
    {
        var (options, _) = Resolve(("EnforcementFlows:AuditArchive:ServiceUri", "https://acct.blob.core.windows.net"));
        var client = options.CreateClient();
        Assert.False(client.UsesAccountKey);
        Assert.Equal("https://acct.blob.core.windows.net/audit-archive", client.ContainerUri.AbsoluteUri);
    }

    [Theory]
    [InlineData("EnforcementFlows:AuditArchive:ServiceUri", "http://acct.blob.core.windows.net", "EnforcementFlows:AuditArchive:ServiceUri")]
    [InlineData("EnforcementFlows:AuditArchive:Container", "Audit_Archive", "EnforcementFlows:AuditArchive:Container")]
    [InlineData("EnforcementFlows:AuditArchive:SegmentMaxRecords", "0", "EnforcementFlows:AuditArchive:SegmentMaxRecords")]
    [InlineData("EnforcementFlows:AuditArchive:SegmentMaxAge", "00:00:00", "EnforcementFlows:AuditArchive:SegmentMaxAge")]
    [InlineData("EnforcementFlows:AuditArchive:Interval", "-00:00:01", "EnforcementFlows:AuditArchive:Interval")]
    [InlineData("EnforcementFlows:AuditArchive:ImmutabilityPeriod", "01:00:00", "EnforcementFlows:AuditArchive:ImmutabilityPeriod")]
    public void Invalid_settings_fail_naming_the_key(string key, string value, string expected)
    {
        var settings = key.EndsWith("ServiceUri", StringComparison.Ordinal) ? new[] { (key, value) } : [("EnforcementFlows:AuditArchive:ConnectionString", Azurite), (key, value)];
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Both_endpoints_together_are_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(
            ("EnforcementFlows:AuditArchive:ConnectionString", Azurite), ("EnforcementFlows:AuditArchive:ServiceUri", "https://acct.blob.core.windows.net")));
        Assert.Contains("EnforcementFlows:AuditArchive:ServiceUri and EnforcementFlows:AuditArchive:ConnectionString", error.Message);
    }

    [Fact]
    public void A_bad_connection_string_is_refused_without_repeating_it()
    {
        const string secretish = "AccountName=acct;AccountKey=c2VjcmV0LWtleS12YWx1ZQ==;BlobEndpoint=not a url";
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(("EnforcementFlows:AuditArchive:ConnectionString", secretish)));
        Assert.Contains("EnforcementFlows:AuditArchive:ConnectionString", error.Message);
        Assert.DoesNotContain("c2VjcmV0LWtleS12YWx1ZQ", error.Message);
    }

    private static (AuditArchiveOptions Options, IServiceCollection Services) Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddAuditArchive(configuration);
        using var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<IOptions<AuditArchiveOptions>>().Value, services);
    }
}
