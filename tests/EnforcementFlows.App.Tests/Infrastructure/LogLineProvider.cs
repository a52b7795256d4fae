using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>Keeps every line that passes the app's logging filters as "category: message exception".</summary>
public sealed class LogLineProvider(ConcurrentQueue<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => sink.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
