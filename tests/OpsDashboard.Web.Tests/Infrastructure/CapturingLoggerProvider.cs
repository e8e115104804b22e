using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OpsDashboard.Web.Tests.Infrastructure;

/// <summary>
/// Keeps every log line the app writes, as a text log would hold it: category, message, exception and
/// the scopes rendered the way the console formatter renders them (" => " + scope.ToString()).
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(": ").Append(category);
            owner._scopes.ForEachScope((scope, sb) => sb.Append(" => ").Append(scope), line);
            line.Append(' ').Append(formatter(state, exception));
            if (exception is not null)
            {
                line.Append(' ').Append(exception);
            }
            owner._lines.Enqueue(line.ToString());
        }
    }
}
