using EnforcementFlows.App.Cli;

// `serve` (the default) runs the service; other verbs are operator commands (see `--help`).
return await EnforcementCli.RunAsync(args);

public partial class Program;
