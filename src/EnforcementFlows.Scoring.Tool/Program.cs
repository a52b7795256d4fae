using System.CommandLine;
using EnforcementFlows.Scoring.Cli;

var root = new RootCommand("EnforcementFlows text scorer: train, evaluate, score and benchmark models.");
foreach (var command in ScoringCommands.CreateSubcommands()) root.Add(command);
return root.Parse(args).Invoke();
