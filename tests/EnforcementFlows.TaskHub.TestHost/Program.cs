using DurableTask.Core;
using EnforcementFlows.TaskHub;
using EnforcementFlows.TaskHub.Postgres;
using EnforcementFlows.TaskHub.Sqlite;
using EnforcementFlows.TaskHub.TestHost;

// Usage: EnforcementFlows.TaskHub.TestHost <database> <effects file> <lock seconds> <activity delay ms> [postgres <schema>]
// <database> is the SQLite file, or with "postgres" the connection string (EF_TASKHUB_TEST_CONNECTION
// when given as "-", so no secret sits on a command line). Prints "worker ready" once the DTFx worker
// runs; then runs until killed.
if (args.Length is not (4 or 6) || (args.Length == 6 && args[4] != "postgres"))
{
    Console.Error.WriteLine("usage: <database> <effects file> <lock seconds> <activity delay ms> [postgres <schema>]");
    return 2;
}
SlowStep.EffectsPath = args[1];
SlowStep.Delay = TimeSpan.FromMilliseconds(int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
var lockTimeout = TimeSpan.FromSeconds(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
IOrchestrationService service = args.Length == 6
    ? new PostgresOrchestrationService(new PostgresTaskHubOptions
    {
        ConnectionString = args[0] == "-" ? Environment.GetEnvironmentVariable("EF_TASKHUB_TEST_CONNECTION") ?? "" : args[0],
        Schema = args[5],
        LockTimeout = lockTimeout,
        MaxPollInterval = TimeSpan.FromMilliseconds(250),
    })
    : new SqliteOrchestrationService(new SqliteTaskHubOptions
    {
        DatabasePath = args[0],
        LockTimeout = lockTimeout,
        MaxPollInterval = TimeSpan.FromMilliseconds(250),
    });
var worker = new TaskHubWorker(service);
worker.AddTaskOrchestrations(typeof(FourSlowSteps));
worker.AddTaskActivities(typeof(SlowStep));
await worker.StartAsync();
Console.WriteLine("worker ready");
await Task.Delay(Timeout.Infinite);
return 0;
