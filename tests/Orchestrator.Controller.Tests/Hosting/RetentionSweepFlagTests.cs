using Orchestrator.Controller.Hosting;

namespace Orchestrator.Controller.Tests.Hosting;

/// <summary>--retention-sweep-interval: a Go duration, 0 turns the sweep off, anything else is an error naming the flag.</summary>
public sealed class RetentionSweepFlagTests
{
    [Theory]
    [InlineData("default", null, 3600)]
    [InlineData("minutes", "--retention-sweep-interval=30m", 1800)]
    [InlineData("hours, separate value", "--retention-sweep-interval 2h", 7200)]
    [InlineData("off", "--retention-sweep-interval=0", 0)]
    public void The_interval_is_parsed(string name, string? args, int seconds)
    {
        Assert.NotNull(name);
        var options = ControllerOptions.Parse(args?.Split(' ') ?? []);
        Assert.Equal(TimeSpan.FromSeconds(seconds), options.RetentionSweepInterval);
    }

    [Theory]
    [InlineData("--retention-sweep-interval=soon")]
    [InlineData("--retention-sweep-interval=-1h")]
    public void A_bad_interval_names_the_flag(string arg)
    {
        var e = Assert.Throws<ControllerUsageException>(() => ControllerOptions.Parse([arg]));
        Assert.Contains("--retention-sweep-interval", e.Message, StringComparison.Ordinal);
    }
}
