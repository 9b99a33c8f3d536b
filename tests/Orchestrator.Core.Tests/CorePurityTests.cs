using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Tests;

public sealed class CorePurityTests
{
    [Fact]
    public void Core_references_only_the_api_and_the_base_library()
    {
        var references = typeof(CapacityPolicy).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var foreign = references.Where(name => name != "Orchestrator.Api" && name != "netstandard" && !name.StartsWith("System", StringComparison.Ordinal)).ToList();

        Assert.Empty(foreign);
        Assert.DoesNotContain(references, name => name.StartsWith("System.Net", StringComparison.Ordinal));
    }
}
