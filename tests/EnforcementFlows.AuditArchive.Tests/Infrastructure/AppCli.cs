using System.Diagnostics;

namespace EnforcementFlows.AuditArchive.Tests.Infrastructure;

/// <summary>Runs the built service executable (EnforcementFlows.App.dll) with a command line, as an operator would.</summary>
public static class AppCli
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(AppDll());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the service executable");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string AppDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var built = Path.Combine(RepositoryRoot.Path, "src", "EnforcementFlows.App", "bin", configuration, "net10.0", "EnforcementFlows.App.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException("The service was not built in its own bin folder.", built);
    }
}
