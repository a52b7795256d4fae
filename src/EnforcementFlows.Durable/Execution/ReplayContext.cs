using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Durable.Execution;

/// <summary>
/// The context an orchestrator runs against during one turn. State is rebuilt from history on
/// every turn; nothing here survives between turns.
/// </summary>
internal sealed partial class ReplayContext : TaskOrchestrationContext
{
    private readonly string _instanceId;
    private readonly string _executionId;
    private readonly string _name;
    private readonly string? _version;
    private DateTime _now;
    private bool _replaying = true;
    private int _nextTaskId;
    private int _guidCounter;
    private string? _customStatus;

    public ReplayContext(string instanceId, string executionId, string name, string? version)
    {
        _instanceId = instanceId;
        _executionId = executionId;
        _name = name;
        _version = version;
    }

    public override string InstanceId => _instanceId;
    public override string Name => _name;
    public override string? Version => _version;
    public override DateTime CurrentUtcDateTime => _now;
    public override bool IsReplaying => _replaying;

    internal string? CustomStatusJson => _customStatus;
    internal bool ContinueAsNewRequested { get; private set; }
    internal string? ContinueAsNewInput { get; private set; }
    internal bool PreserveUnprocessedEvents { get; private set; }

    public override void SetCustomStatus(object? customStatus) => _customStatus = JsonData.Serialize(customStatus);

    public override void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true)
    {
        ContinueAsNewRequested = true;
        ContinueAsNewInput = JsonData.Serialize(newInput);
        PreserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    public override Guid NewGuid()
    {
        // Name-based over values that replay identically (RFC 9562 version 8 layout: SHA-256 derived).
        var name = $"{_instanceId}|{_executionId}|{_guidCounter++}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public override ILogger CreateReplaySafeLogger(ILogger logger) => new ReplaySafeLogger(logger, this);

    private sealed class ReplaySafeLogger(ILogger inner, ReplayContext context) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
