using Orchestrator.Cli.Rendering;

namespace Orchestrator.Cli.Tests.Rendering;

public sealed class LiveFrameTests
{
    [Fact]
    public void The_first_frame_is_written_as_is() =>
        Assert.Equal("a\nb\n", LiveFrame.Redraw("a\nb\n", previousRows: 0));

    [Fact]
    public void A_later_frame_moves_up_over_the_previous_one_and_clears_below() =>
        Assert.Equal("\r\u001b[3A\u001b[Jnew\n", LiveFrame.Redraw("new\n", previousRows: 3));

    [Theory]
    [InlineData(23, 24, "\r\u001b[23A\u001b[Jnew\n")]
    [InlineData(24, 24, "\u001b[2J\u001b[Hnew\n")]
    [InlineData(40, 24, "\u001b[2J\u001b[Hnew\n")]
    [InlineData(40, 0, "\r\u001b[40A\u001b[Jnew\n")]
    public void A_frame_taller_than_the_terminal_clears_the_screen_instead(int previousRows, int height, string expected) =>
        Assert.Equal(expected, LiveFrame.Redraw("new\n", previousRows, height));

    [Theory]
    [InlineData("a\nb\nc\n", 80, 3)]
    [InlineData("a\n\nc\n", 80, 3)]
    [InlineData("no newline at the end", 80, 1)]
    [InlineData("0123456789\n", 10, 1)]
    [InlineData("0123456789a\n", 10, 2)]
    [InlineData("012345678901234567890\nx\n", 10, 4)]
    public void Rows_count_wrapped_lines(string view, int width, int expected) =>
        Assert.Equal(expected, LiveFrame.Rows(view, width));
}
