using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>Keeps every log line, with its structured values, so tests can check what is (not) logged.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    public sealed record Entry(LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> Values, Exception? Exception)
    {
        /// <summary>Everything the line carries, as one string to search.</summary>
        public string All => string.Join(" | ", new[] { Message, Exception?.ToString() ?? "" }.Concat(Values.Select(v => $"{v.Key}={v.Value}")));
    }

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        Entries.Enqueue(new Entry(logLevel, eventId, formatter(state, exception), values.ToList(), exception));
    }
}
