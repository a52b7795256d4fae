using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Tests.Orchestrations;

/// <summary>
/// Runs one activity, then waits for the "approval" event and returns "{activity result}:{event data}".
/// Events that arrive before the wait are kept, so an early event is not lost. The custom status says
/// which step it is on.
/// </summary>
public sealed class WaitForApproval : TaskOrchestration<string, int>
{
    private readonly Dictionary<string, string> _received = [];
    private TaskCompletionSource<string>? _waiting;
    private string _status = "starting";

    public override async Task<string> RunTask(OrchestrationContext context, int input)
    {
        var first = await context.ScheduleTask<int>(typeof(AddOne), input);
        _status = "waiting";
        var approval = await WaitFor("approval");
        _status = "approved";
        return $"{first}:{approval}";
    }

    public override void OnEvent(OrchestrationContext context, string name, string input)
    {
        if (name == "approval" && _waiting is { } waiting)
        {
            _waiting = null;
            waiting.SetResult(input);
            return;
        }
        _received[name] = input;
    }

    public override string GetStatus() => DataConverter.Serialize(_status);

    private Task<string> WaitFor(string name)
    {
        if (_received.Remove(name, out var early))
        {
            return Task.FromResult(early);
        }
        _waiting = new TaskCompletionSource<string>();
        return _waiting.Task;
    }
}
