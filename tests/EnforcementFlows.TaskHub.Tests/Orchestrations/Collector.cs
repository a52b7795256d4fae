using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Tests.Orchestrations;

/// <summary>
/// Takes "item" events one at a time (kept in arrival order while it is busy), runs an activity on
/// each value, and on "done" returns the activity results in the order the items arrived.
/// </summary>
public sealed class Collector : TaskOrchestration<List<int>, int>
{
    private readonly Queue<(string Name, string Input)> _arrived = new();
    private TaskCompletionSource<(string Name, string Input)>? _waiting;

    public override async Task<List<int>> RunTask(OrchestrationContext context, int input)
    {
        var results = new List<int>();
        while (true)
        {
            var (name, data) = await Next();
            if (name == "done")
            {
                return results;
            }
            results.Add(await context.ScheduleTask<int>(typeof(AddOne), DataConverter.Deserialize<int>(data)));
        }
    }

    public override void OnEvent(OrchestrationContext context, string name, string input)
    {
        if (_waiting is { } waiting)
        {
            _waiting = null;
            waiting.SetResult((name, input));
            return;
        }
        _arrived.Enqueue((name, input));
    }

    private Task<(string Name, string Input)> Next()
    {
        if (_arrived.TryDequeue(out var early))
        {
            return Task.FromResult(early);
        }
        _waiting = new TaskCompletionSource<(string Name, string Input)>();
        return _waiting.Task;
    }
}
