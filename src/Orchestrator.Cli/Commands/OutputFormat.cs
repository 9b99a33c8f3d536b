namespace Orchestrator.Cli.Commands;

/// <summary>The <c>-o</c> formats, as kubectl names them.</summary>
public enum OutputFormat
{
    Table,
    Wide,
    Json,
    Yaml,

    /// <summary>Comma-separated values, for <c>cost</c> only (others print their table).</summary>
    Csv,
}
