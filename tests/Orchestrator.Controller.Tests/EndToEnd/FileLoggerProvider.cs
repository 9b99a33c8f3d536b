using Microsoft.Extensions.Logging;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>The in-process controller's logs in the world's scratch folder, to read when a story fails (ORCH_E2E_KEEP=1).</summary>
internal sealed class FileLoggerProvider(string path, TimeProvider time) : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }

    private void Write(string category, LogLevel level, string text)
    {
        lock (_gate)
        {
            try
            {
                _writer.WriteLine($"{time.GetUtcNow():HH:mm:ss.fff} {level} {category}: {text}");
            }
            catch (ObjectDisposedException)
            {
                // A log line after the world stopped.
            }
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Write(category, logLevel, formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
    }
}
