namespace Orchestrator.Controller.Hosting;

/// <summary>A command-line mistake: reported as one line, exit code 2.</summary>
public sealed class ControllerUsageException(string message) : Exception(message);
