using Orchestrator.Controller.Hosting;

namespace Orchestrator.Controller.Tests.Hosting;

/// <summary>The config key <c>onDemandNodeSelector</c> (owner: ControllerConfigFile): set, it overrides the pinning derived from Kueue; empty, it derives.</summary>
public sealed class OnDemandNodeSelectorConfigTests
{
    [Fact]
    public void A_configured_selector_overrides_and_an_empty_one_leaves_the_pinning_to_Kueue()
    {
        var set = ControllerConfigFile.Parse("config.yaml", "onDemandNodeSelector:\n  eks.amazonaws.com/capacityType: ON_DEMAND\n");
        var empty = ControllerConfigFile.Parse("config.yaml", "onDemandNodeSelector: {}\n");
        var absent = ControllerConfigFile.Parse("config.yaml", "pricing:\n  spotPerGpuHour: 1\n");

        Assert.Equal(new Dictionary<string, string> { ["eks.amazonaws.com/capacityType"] = "ON_DEMAND" }, set.OnDemandNodeSelector);
        Assert.Null(empty.OnDemandNodeSelector);
        Assert.Null(absent.OnDemandNodeSelector);
    }
}
