using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Tests.Purity;

/// <summary>Core decides; it never does I/O. These tests read Core's compiled references to hold that line.</summary>
public sealed class CorePurityTests
{
    [Fact]
    public void Core_references_only_the_Api_KubernetesClient_models_and_pure_base_libraries()
    {
        var core = typeof(TrainingRunValidator).Assembly;

        var violations = ReferenceInspector.Violations(core);

        Assert.True(violations.Count == 0, "Orchestrator.Core must not do I/O, but references:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_inspection_flags_an_assembly_that_does_io()
    {
        // This test assembly reads files (see IoExample), so the same inspection must complain about it.
        var violations = ReferenceInspector.Violations(typeof(CorePurityTests).Assembly);

        Assert.Contains(violations, v => v.Contains("System.IO.File", StringComparison.Ordinal));
        Assert.True(IoExample.Exists(typeof(CorePurityTests).Assembly.Location));
    }

    [Fact]
    public void Core_does_reference_the_Api()
    {
        var names = typeof(TrainingRunValidator).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.Contains("Orchestrator.Api", names);
    }

    private static class IoExample
    {
        public static bool Exists(string path) => File.Exists(path);
    }
}
