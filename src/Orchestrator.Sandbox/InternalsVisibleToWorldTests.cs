using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Orchestrator.Sandbox.Tests")]
