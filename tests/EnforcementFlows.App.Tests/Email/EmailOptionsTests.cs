using EnforcementFlows.App.Email;
using EnforcementFlows.App.Hosting;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Approvals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Tests.Email;

public sealed class EmailOptionsTests
{
    [Fact]
    public void Without_an_smtp_host_mail_goes_to_the_outbox_in_the_data_directory()
    {
        var data = Path.Combine(Path.GetTempPath(), "ef-tests", "data-" + Guid.NewGuid().ToString("N"));
        var options = Resolve(("EnforcementFlows:DataDirectory", data));
        Assert.False(options.UsesSmtp);
        Assert.Equal(Path.Combine(data, "outbox"), options.PickupDirectory);
        Assert.Equal("enforcementflows@localhost", options.From);
        Assert.Equal(25, options.SmtpPort);
    }

    [Fact]
    public void With_an_smtp_host_there_is_no_pickup_directory()
    {
        var options = Resolve(("EnforcementFlows:Email:SmtpHost", "smtp.example.com"), ("EnforcementFlows:Email:SmtpPort", "587"));
        Assert.True(options.UsesSmtp);
        Assert.Null(options.PickupDirectory);
        Assert.Equal(587, options.SmtpPort);
    }

    [Theory]
    [InlineData("EnforcementFlows:Email:From", "not an address", "EnforcementFlows:Email:From")]
    [InlineData("EnforcementFlows:Email:SmtpPort", "70000", "EnforcementFlows:Email:SmtpPort")]
    [InlineData("EnforcementFlows:Email:Timeout", "00:00:00", "EnforcementFlows:Email:Timeout")]
    [InlineData("EnforcementFlows:Email:UserName", "mailer", "EnforcementFlows:Email:UserName and EnforcementFlows:Email:Password")]
    [InlineData("EnforcementFlows:Email:EnableSsl", "true", "need EnforcementFlows:Email:SmtpHost")]
    public void Invalid_settings_fail_naming_the_key(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve((key, value)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Smtp_host_and_pickup_directory_together_are_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Resolve(("EnforcementFlows:Email:SmtpHost", "smtp.example.com"), ("EnforcementFlows:Email:PickupDirectory", "/tmp/outbox")));
        Assert.Contains("EnforcementFlows:Email:SmtpHost and EnforcementFlows:Email:PickupDirectory", error.Message);
    }

    [Fact]
    public async Task A_host_refuses_to_start_with_an_invalid_email_setting_and_says_which()
    {
        // A plain host rather than the app's WebApplicationFactory: when the app fails to start,
        // the factory can race the app's own disposal and surface ObjectDisposedException instead.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create("EnforcementFlows:Email:From", (string?)"nobody")]);
        builder.Services.AddApprovalEmail();
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("EnforcementFlows:Email:From", error.Message);
    }

    [Fact]
    public void The_service_registers_the_email_notifier()
    {
        using var app = new AppFactory();
        Assert.IsType<SmtpApprovalNotifier>(app.Services.GetRequiredService<IApprovalNotifier>());
    }

    private static EmailOptions Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddApprovalEmail();
        services.AddOptions<EnforcementFlowsOptions>().BindConfiguration(EnforcementFlowsOptions.Section);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<EmailOptions>>().Value;
    }
}
