using System.Text;

namespace Orchestrator.Cli.Tests.Support;

/// <summary>A writer a test may read while a command still writes to it from another task.</summary>
internal sealed class SharedWriter : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        Write(value + NewLine);
        return Task.CompletedTask;
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
