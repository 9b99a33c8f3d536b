using Orchestrator.Cli.Rendering;

namespace Orchestrator.Cli.Tests.Rendering;

public sealed class ProgressBarTests
{
    [Theory]
    [InlineData("not started", 0, 400, "[--------------------]")]
    [InlineData("a bit under a third", 123, 400, "[######--------------]")]
    [InlineData("one step short is not full", 399, 400, "[###################-]")]
    [InlineData("done", 400, 400, "[####################]")]
    [InlineData("a trainer that overshoots is done, not wider", 500, 400, "[####################]")]
    public void Bar_fills_by_whole_cells(string because, long step, long total, string expected) =>
        Assert.True(expected == ProgressBar.Render(step, total), because);

    [Theory]
    [InlineData(123, 400, "123/400 31%")]
    [InlineData(0, 400, "0/400 0%")]
    [InlineData(399, 400, "399/400 99%")]
    [InlineData(400, 400, "400/400 100%")]
    [InlineData(450, 400, "450/400 100%")]
    public void Compact_shows_steps_and_a_percentage_that_never_claims_done_early(long step, long total, string expected) =>
        Assert.Equal(expected, ProgressBar.Compact(step, total));

    [Fact]
    public void A_bar_of_a_run_without_a_total_is_a_programming_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ProgressBar.Render(1, 0));
}
