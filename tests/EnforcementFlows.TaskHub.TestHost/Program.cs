using DurableTask.Core;
using EnforcementFlows.TaskHub;
using EnforcementFlows.TaskHub.Sqlite;
using EnforcementFlows.TaskHub.TestHost;

// Usage: EnforcementFlows.TaskHub.TestHost <database> <effects file> <lock seconds> <activity delay ms>
// Prints "worker ready" once the DTFx worker runs; then runs until killed.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: <database> <effects file> <lock seconds> <activity delay ms>");
    return 2;
}
SlowStep.EffectsPath = args[1];
SlowStep.Delay = TimeSpan.FromMilliseconds(int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
var service = new SqliteOrchestrationService(new SqliteTaskHubOptions
{
    DatabasePath = args[0],
    LockTimeout = TimeSpan.FromSeconds(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
    MaxPollInterval = TimeSpan.FromMilliseconds(250),
});
var worker = new TaskHubWorker(service);
worker.AddTaskOrchestrations(typeof(FourSlowSteps));
worker.AddTaskActivities(typeof(SlowStep));
await worker.StartAsync();
Console.WriteLine("worker ready");
await Task.Delay(Timeout.Infinite);
return 0;
