using System.Diagnostics;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests;

/// <summary>Storage settings that cannot work stop the real service process with one line naming the key.</summary>
public sealed class StartupErrorTests
{
    [Theory]
    [InlineData("0", "Host=127.0.0.1;Port=1", "EnforcementFlows:Storage:WriterConnections must be between 1 and 8")]
    [InlineData("2", "", "EnforcementFlows:Storage:ConnectionString must be set")]
    public async Task Invalid_postgres_storage_settings_exit_2_with_one_line_naming_the_key(string writers, string connectionString, string expected)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(AppProcess.AppDll());
        info.Environment["EnforcementFlows__DataDirectory"] = Path.Combine(Path.GetTempPath(), "ef-startup-" + Guid.NewGuid().ToString("N"));
        info.Environment["EnforcementFlows__Storage__Provider"] = "Postgres";
        info.Environment["EnforcementFlows__Storage__ConnectionString"] = connectionString;
        info.Environment["EnforcementFlows__Storage__WriterConnections"] = writers;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var text = await error + await output;
        Assert.Contains("error: " + expected, text);
        Assert.DoesNotContain("   at ", text);
    }

    [Theory]
    [InlineData("Engine", "Legacy", "EnforcementFlows:Workflows:Engine 'Legacy' was removed")]
    [InlineData("RelayLease", "00:00:00.100", "EnforcementFlows:Workflows:RelayLease must be between 1 second and 5 minutes")]
    public async Task Invalid_workflow_settings_stop_the_service_naming_the_key(string key, string value, string expected)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(AppProcess.AppDll());
        info.Environment["EnforcementFlows__DataDirectory"] = Path.Combine(Path.GetTempPath(), "ef-startup-" + Guid.NewGuid().ToString("N"));
        info.Environment["EnforcementFlows__Workflows__" + key] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, process.ExitCode);
        var text = await error + await output;
        Assert.Contains(expected, text);
        Assert.DoesNotContain("   at ", text);
    }
}
