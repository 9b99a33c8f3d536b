namespace Orchestrator.Core.Simulation;

/// <summary>The trace text is not a spot trace; the message says what is wrong.</summary>
public sealed class SpotTraceFormatException : FormatException
{
    public SpotTraceFormatException()
    {
    }

    public SpotTraceFormatException(string message)
        : base(message)
    {
    }

    public SpotTraceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
