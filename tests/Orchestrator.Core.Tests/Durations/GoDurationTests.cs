using Orchestrator.Core.Durations;

namespace Orchestrator.Core.Tests.Durations;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("30m", 1_800_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("+5m", 300_000)]
    [InlineData("-2m", -120_000)]
    [InlineData("1h1m1s1ms", 3_661_001)]
    [InlineData(".5s", 500)]
    [InlineData("1.s", 1_000)]
    [InlineData("2h45m30.25s", 9_930_250)]
    [InlineData("100000000us", 100_000)]
    [InlineData("3000000µs", 3_000)]
    [InlineData("3000000μs", 3_000)]
    [InlineData("5000000000ns", 5_000)]
    public void Parses_what_Go_parses(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Fact]
    public void Keeps_sub_millisecond_precision_down_to_100ns()
    {
        Assert.Equal(TimeSpan.FromTicks(15), GoDuration.Parse("1.5us"));
        Assert.Equal(TimeSpan.FromTicks(1), GoDuration.Parse("150ns"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("1d")]
    [InlineData("5 m")]
    [InlineData(" 5m")]
    [InlineData("m")]
    [InlineData(".s")]
    [InlineData("-")]
    [InlineData("1h30")]
    [InlineData("1H")]
    [InlineData("auto")]
    [InlineData("1e3s")]
    [InlineData("3000000000h")]
    [InlineData("9223372036854775808ns")]
    public void Rejects_what_Go_rejects(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
        Assert.Throws<FormatException>(() => GoDuration.Parse(text));
    }

    [Fact]
    public void Rejects_null()
    {
        Assert.False(GoDuration.TryParse(null, out _));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(5_400_000, "1h30m0s")]
    [InlineData(500, "500ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(-120_000, "-2m0s")]
    [InlineData(90_061_000, "25h1m1s")]
    public void Formats_as_Go_does(long milliseconds, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData(15, "1.5µs")]
    [InlineData(1, "100ns")]
    public void Formats_small_values_in_small_units(long ticks, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromTicks(ticks)));
    }

    [Theory]
    [InlineData("1h30m")]
    [InlineData("36h")]
    [InlineData("250ms")]
    [InlineData("12m")]
    public void Formatted_values_parse_back_to_the_same_duration(string text)
    {
        var value = GoDuration.Parse(text);

        Assert.Equal(value, GoDuration.Parse(GoDuration.Format(value)));
    }
}
