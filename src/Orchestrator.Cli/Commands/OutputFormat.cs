namespace Orchestrator.Cli.Commands;

/// <summary>The <c>-o</c> formats, as kubectl names them.</summary>
public enum OutputFormat
{
    Table,
    Wide,
    Json,
    Yaml,
}
