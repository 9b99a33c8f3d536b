namespace Orchestrator.Charts.Tests.Templating;

/// <summary>A template that does not parse or does not render, with the file and line at fault.</summary>
public sealed class TemplateException(string file, int line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}
