namespace Orchestrator.Charts.Tests.Templating;

/// <summary>A parsed piece of a template.</summary>
internal abstract record Node(int Line);
