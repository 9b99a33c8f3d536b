using Orchestrator.Api;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.TrainingRunBuilder;

namespace Orchestrator.Core.Tests.Validation;

public sealed class TrainingRunDefaultsTests
{
    [Fact]
    public void A_minimal_spec_gets_every_schema_default()
    {
        var spec = TrainingRunDefaults.Apply(AMinimalRun().Build().Spec);

        Assert.Equal(Defaults.Workers, spec.Workers);
        Assert.Equal(CapacityType.Spot, spec.Capacity!.Preferred);
        Assert.Equal([FallbackPolicy.Never], spec.Capacity.Fallback!.Policies!);
        Assert.Equal("12m", spec.Capacity.Fallback.ChangeoverDelay);
        Assert.True(spec.Capacity.Fallback.ReturnToSpot);
        Assert.Equal("/checkpoints", spec.Checkpoint.LocalPath);
        Assert.Equal("auto", spec.Checkpoint.Interval);
        Assert.True(spec.Checkpoint.SaveOnNotice);
        Assert.Equal("5m", spec.Checkpoint.SaveTimeout);
        Assert.Equal(3, spec.Checkpoint.Keep);
        Assert.Equal(3, spec.MaxAppFailures);
        Assert.Empty(TrainingRunValidator.ValidateSpec(spec));
    }

    [Fact]
    public void Values_the_user_wrote_are_kept()
    {
        var written = ARun().WithInterval("30s").WithKeep(1).WithMaxAppFailures(0).WithChangeoverDelay("5m")
            .Preferring(CapacityType.Spot).With(r => r.Spec.Checkpoint.SaveOnNotice = false).Build().Spec;

        var spec = TrainingRunDefaults.Apply(written);

        Assert.Equal("30s", spec.Checkpoint.Interval);
        Assert.Equal(1, spec.Checkpoint.Keep);
        Assert.Equal(0, spec.MaxAppFailures);
        Assert.Equal("5m", spec.Capacity!.Fallback!.ChangeoverDelay);
        Assert.Equal([FallbackPolicy.AfterPreemptions], spec.Capacity.Fallback.Policies!);
        Assert.Equal(2, spec.Capacity.Fallback.AfterPreemptions);
        Assert.False(spec.Checkpoint.SaveOnNotice);
        Assert.Same(written.Template, spec.Template);
    }

    [Fact]
    public void The_input_spec_is_not_changed()
    {
        var written = AMinimalRun().Build().Spec;

        _ = TrainingRunDefaults.Apply(written);

        Assert.Null(written.Capacity);
        Assert.Null(written.Checkpoint.Interval);
        Assert.Null(written.MaxAppFailures);
    }
}
