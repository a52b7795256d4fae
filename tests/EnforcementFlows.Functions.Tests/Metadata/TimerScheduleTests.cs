using System.Text.Json;
using EnforcementFlows.Functions.Archive;
using EnforcementFlows.Functions.Hosting;
using EnforcementFlows.Functions.Relay;
using EnforcementFlows.Functions.Sweeps;
using EnforcementFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Functions.Tests.Metadata;

/// <summary>Every timer reads its NCRONTAB schedule from an app setting, and every place that sets settings has its default.</summary>
public sealed class TimerScheduleTests
{
    private readonly IReadOnlyDictionary<string, FunctionEntry> functions = FunctionsMetadata.Read();

    [Theory]
    [InlineData(OutboxRelayFunction.Name, FunctionSchedules.OutboxRelaySetting, true)]
    [InlineData(SweepKeeperFunction.Name, FunctionSchedules.SweepKeeperSetting, true)]
    [InlineData(AuditArchiveFunction.Name, FunctionSchedules.AuditArchiveSetting, false)]
    [InlineData(Notices.NoticeRelayFunction.Name, FunctionSchedules.NoticeRelaySetting, false)]
    public void Each_timer_s_schedule_is_a_binding_expression_over_its_setting(string function, string setting, bool durableClient)
    {
        var entry = functions[function];
        Assert.Equal(durableClient ? ["timerTrigger", "durableClient"] : ["timerTrigger"], entry.BindingTypes);
        Assert.Equal($"%{setting}%", entry.Binding("timerTrigger").GetProperty("schedule").GetString());
    }

    [Fact]
    public void Every_timer_setting_has_a_default_that_passes_the_check()
    {
        var settings = functions.Values.Where(f => f.BindingTypes.Contains("timerTrigger"))
            .Select(f => f.Binding("timerTrigger").GetProperty("schedule").GetString()!.Trim('%')).Order();
        Assert.Equal(settings, FunctionSchedules.Defaults.Keys.Order());
        foreach (var (setting, schedule) in FunctionSchedules.Defaults)
        {
            Assert.Null(FunctionSchedules.Problem(setting, schedule));
        }
    }

    [Fact]
    public void The_local_settings_example_sets_every_schedule_to_its_default()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(BuildPaths.RepositoryRoot, "src", "EnforcementFlows.Functions", "local.settings.example.json")));
        var values = json.RootElement.GetProperty("Values");
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        foreach (var (setting, schedule) in FunctionSchedules.Defaults)
        {
            Assert.Equal(schedule, values.GetProperty(setting).GetString());
        }
    }

    [Theory]
    [InlineData("0 */5 * * *")] // Unix cron, five fields: would be read as seconds-first and fire every 5 hours' minutes
    [InlineData("every 5 minutes")]
    [InlineData("")]
    public void A_schedule_that_is_not_six_field_ncrontab_is_refused_naming_the_default(string schedule)
    {
        var problem = FunctionSchedules.Problem(FunctionSchedules.SweepKeeperSetting, schedule);
        Assert.NotNull(problem);
        Assert.Contains(FunctionSchedules.SweepKeeperDefault, problem);
    }

    [Fact]
    public async Task The_worker_does_not_start_without_a_schedule_setting()
    {
        var fixture = new FunctionsHostFixture();
        var settings = fixture.Settings();
        settings.Remove(FunctionSchedules.AuditArchiveSetting);
        Directory.CreateDirectory(fixture.DataDirectory);
        try
        {
            using var host = FunctionsHostFixture.Build(settings);
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
            Assert.Contains($"{FunctionSchedules.AuditArchiveSetting} is not set", error.Message);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(fixture.DataDirectory, recursive: true);
        }
    }
}
