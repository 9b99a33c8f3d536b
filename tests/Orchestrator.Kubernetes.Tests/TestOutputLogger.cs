using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Orchestrator.Kubernetes.Tests;

/// <summary>Writes log lines to the xunit test output, so a failing test shows what the component saw.</summary>
internal sealed class TestOutputLogger(ITestOutputHelper output, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished; xunit refuses late output.
        }
    }
}
