using EnforcementFlows.Workflows.Activities;
using Microsoft.DurableTask;
using Moq;

namespace EnforcementFlows.Workflows.Tests.Orchestrators;

/// <summary>
/// A Moq <see cref="TaskOrchestrationContext"/> with a simulated clock: events arrive at scripted times, a durable
/// timer fires unless an event the orchestrator waits for arrives first, and activities answer from handlers. So one
/// orchestrator run reads as a timeline, and every branch can be driven without a backend.
/// </summary>
internal sealed class ScriptedContext
{
    private readonly Mock<TaskOrchestrationContext> mock = new(MockBehavior.Strict);
    private readonly List<(DateTime At, string Name, object Payload)> arrivals = [];
    private readonly Dictionary<string, Func<object?, object?>> activities = [];
    private readonly List<(string Name, TaskCompletionSource<object?> Source, CancellationToken Token)> waiting = [];
    private int guids;

    public ScriptedContext(string instanceId, DateTime start)
    {
        Now = start;
        mock.SetupGet(c => c.InstanceId).Returns(instanceId);
        mock.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now);
        mock.SetupGet(c => c.IsReplaying).Returns(false);
        mock.Setup(c => c.NewGuid()).Returns(() => new Guid(++guids, 0, 0, new byte[8]));
        mock.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(s => Statuses.Add(s));
        mock.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()))
            .Callback<object?, bool>((input, preserve) => ContinuedAsNew = (input, preserve));
        mock.Setup(c => c.CallActivityAsync<It.IsAnyType>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(new InvocationFunc(i => Call(i)));
        mock.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns<DateTime, CancellationToken>(Timer);
    }

    public TaskOrchestrationContext Object => mock.Object;
    public DateTime Now { get; private set; }
    public List<object?> Statuses { get; } = [];
    public List<(string Name, object? Input, TaskOptions? Options)> Calls { get; } = [];
    public (object? Input, bool PreserveEvents)? ContinuedAsNew { get; private set; }

    /// <summary>An event the orchestrator receives at <paramref name="after"/> from the start (in script order).</summary>
    public ScriptedContext Raise<T>(string name, TimeSpan after, T payload) where T : class
    {
        var at = Now + after;
        mock.Setup(c => c.WaitForExternalEvent<T>(name, It.IsAny<CancellationToken>()))
            .Returns<string, CancellationToken>((n, token) => Wait<T>(n, token));
        arrivals.Add((at, name, payload));
        arrivals.Sort((a, b) => a.At.CompareTo(b.At));
        return this;
    }

    /// <summary>Makes sure a wait for an event type nobody raises is answered (by never completing).</summary>
    public ScriptedContext Expect<T>(string name) where T : class
    {
        mock.Setup(c => c.WaitForExternalEvent<T>(name, It.IsAny<CancellationToken>()))
            .Returns<string, CancellationToken>((n, token) => Wait<T>(n, token));
        return this;
    }

    public ScriptedContext OnActivity<TIn, TOut>(string name, Func<TIn, TOut> handler)
    {
        activities[name] = input => handler(((ActivityCall<TIn>)input!).Input);
        return this;
    }

    public IEnumerable<TIn> InputsOf<TIn>(string name) => Calls.Where(c => c.Name == name).Select(c => ((ActivityCall<TIn>)c.Input!).Input);

    private object Call(IInvocation invocation)
    {
        var name = ((TaskName)invocation.Arguments[0]).Name;
        var input = invocation.Arguments[1];
        Calls.Add((name, input, (TaskOptions?)invocation.Arguments[2]));
        var resultType = invocation.Method.GetGenericArguments()[0];
        var source = typeof(TaskCompletionSource<>).MakeGenericType(resultType);
        var tcs = Activator.CreateInstance(source)!;
        try
        {
            var value = activities.TryGetValue(name, out var handler) ? handler(input) : throw new InvalidOperationException($"no handler for activity {name}");
            source.GetMethod("SetResult")!.Invoke(tcs, [value]);
        }
        catch (Exception ex) when (ex is not InvalidOperationException)
        {
            source.GetMethod("SetException", [typeof(Exception)])!.Invoke(tcs, [ex]);
        }
        return source.GetProperty("Task")!.GetValue(tcs)!;
    }

    private async Task<T> Wait<T>(string name, CancellationToken token)
    {
        // An event that arrived already (buffered) is delivered at once, with or without a timer.
        var buffered = arrivals.FirstOrDefault(a => a.Name == name && a.At <= Now);
        if (buffered.Payload is not null)
        {
            arrivals.Remove(buffered);
            return (T)buffered.Payload;
        }
        var source = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = (name, source, token);
        waiting.Add(entry);
        using var registration = token.Register(() => { waiting.Remove(entry); source.TrySetCanceled(token); });
        return (T)(await source.Task)!;
    }

    /// <summary>A timer fires at <paramref name="fireAt"/> unless a waited-for event arrives first: then the event is delivered and the timer never fires.</summary>
    private Task Timer(DateTime fireAt, CancellationToken token)
    {
        var next = arrivals.FirstOrDefault(a => waiting.Any(w => w.Name == a.Name));
        if (next.Payload is not null && next.At <= fireAt)
        {
            arrivals.Remove(next);
            Now = next.At > Now ? next.At : Now;
            var waiter = waiting.First(w => w.Name == next.Name);
            waiting.Remove(waiter);
            waiter.Source.TrySetResult(next.Payload);
            return new TaskCompletionSource().Task;
        }
        Now = fireAt > Now ? fireAt : Now;
        return Task.CompletedTask;
    }
}
