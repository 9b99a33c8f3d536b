using Orchestrator.Charts.Tests.Chart;

namespace Orchestrator.Charts.Tests;

/// <summary>The chart under charts/orchestrator, parsed once per test class.</summary>
public sealed class ChartFixture
{
    public ChartFixture()
    {
        ChartCrds.UpdateIfRequested();
        Chart = HelmChart.Load(RepoPaths.Chart);
    }

    internal HelmChart Chart { get; }

    internal RenderedChart Defaults => Chart.Render();
}
