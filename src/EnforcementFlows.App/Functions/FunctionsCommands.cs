using System.CommandLine;

namespace EnforcementFlows.App.Functions;

/// <summary>`functions emit --out DIR`: the function.json folders for the Azure Functions custom handler package.</summary>
internal static class FunctionsCommands
{
    public static Command Create()
    {
        var functions = new Command("functions", "Azure Functions packaging (custom handler).");
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write <Name>/function.json into (the package root, next to host.json).", Required = true };
        var emit = new Command("emit", "Write one function.json per function in the app's function table.") { output };
        emit.SetAction(result =>
        {
            // The same sources the service reads (appsettings.json, environment), so the schedule in the package matches configuration.
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                .AddEnvironmentVariables()
                .Build();
            var table = FunctionTable.Create(configuration);
            var schedule = table.Single(f => f.Name == FunctionTable.SweepFunction).Schedule;
            if (!FunctionTable.IsNcrontab(schedule))
            {
                throw new ArgumentException($"{FunctionsOptions.Section}:SweepSchedule must be an NCRONTAB expression with six fields (got '{schedule}').");
            }
            var written = FunctionJsonWriter.Emit(table, result.GetValue(output)!.FullName);
            Console.WriteLine($"wrote {written.Count} functions to {result.GetValue(output)!.FullName}");
            return 0;
        });
        functions.Subcommands.Add(emit);
        return functions;
    }
}
