using EnforcementFlows.App.Dashboard.Operations;
using EnforcementFlows.App.Email;
using EnforcementFlows.App.Hosting;

namespace EnforcementFlows.App.Tests.Dashboard.Operations;

public sealed class SecretMaskingTests
{
    [Fact]
    public void A_connection_string_keeps_its_host_and_loses_its_password()
    {
        var shown = SecretMasking.ConnectionString("Host=db.internal;Port=5432;Username=ef;Password=pg-secret-123;Database=ef");
        Assert.DoesNotContain("pg-secret-123", shown, StringComparison.Ordinal);
        Assert.Contains("db.internal", shown, StringComparison.Ordinal);
        Assert.Contains("password=set", shown, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("data/enforcementflows.db", SecretMasking.ConnectionString("data/enforcementflows.db"));
    }

    [Fact]
    public void Storage_options_with_a_postgres_connection_string_show_no_password()
    {
        var options = new EnforcementFlowsOptions { Storage = new StorageOptions { Provider = "Postgres", ConnectionString = "Host=h;Pwd=p@ss-word-9;Username=u" } };
        var entries = ConfigurationSummary.Of("EnforcementFlows", options);
        Assert.Contains(entries, e => e.Key == "Storage:Provider" && e.Display == "Postgres");
        Assert.DoesNotContain(entries, e => e.Display.Contains("p@ss-word-9", StringComparison.Ordinal));
    }

    [Fact]
    public void Secret_named_settings_show_only_whether_they_are_set()
    {
        var entries = ConfigurationSummary.Of("EnforcementFlows:Email", new EmailOptions { UserName = "mailer", Password = "hunter2-secret" });
        Assert.Contains(entries, e => e.Key == "Password" && e.Display == SecretMasking.Set);
        Assert.Contains(entries, e => e.Key == "UserName" && e.Display == "mailer");
        Assert.DoesNotContain(entries, e => e.Display.Contains("hunter2", StringComparison.Ordinal));
        Assert.Contains(ConfigurationSummary.Of("x", new EmailOptions()), e => e.Key == "Password" && e.Display == SecretMasking.NotSet);
    }

    [Theory]
    [InlineData("https://u:pw-1@example.test/a?token=t-1", "https://example.test/a (user info set, query set)")]
    [InlineData("https://example.test/hook", "https://example.test/hook")]
    [InlineData("not a url", "not a url")]
    public void Urls_lose_user_info_and_query(string value, string expected)
        => Assert.Equal(expected, SecretMasking.Url(value));
}
