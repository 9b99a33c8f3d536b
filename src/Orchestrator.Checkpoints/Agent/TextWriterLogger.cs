using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>Plain one-line logs to stderr, every line passed through the redactor on its way out.</summary>
public sealed class TextWriterLogger(TextWriter writer, Redactor redactor, TimeProvider time, LogLevel minimum = LogLevel.Information) : ILogger
{
    private readonly Lock _lock = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var text = formatter(state, exception);
        if (exception is not null)
        {
            // The type and message only: SDK stack traces and inner exceptions can carry signed URLs.
            text += $" ({exception.GetType().Name}: {exception.Message})";
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {Level(logLevel)} {redactor.Redact(text)}");
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "fatal",
    };
}
