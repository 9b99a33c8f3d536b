using Orchestrator.Charts.Tests.Chart;

namespace Orchestrator.Charts.Tests;

/// <summary>The chart under charts/orchestrator, parsed once per test class.</summary>
public sealed class ChartFixture
{
    internal HelmChart Chart { get; } = HelmChart.Load(RepoPaths.Chart);

    internal RenderedChart Defaults => Chart.Render();
}
