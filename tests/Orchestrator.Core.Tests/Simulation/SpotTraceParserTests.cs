using Orchestrator.Core.Simulation;

namespace Orchestrator.Core.Tests.Simulation;

public sealed class SpotTraceParserTests
{
    [Fact]
    public void Reads_gap_and_availability_and_ignores_prices()
    {
        var trace = SpotTraceParser.Parse("""{"metadata":{"gap_seconds":600},"data":[1,0,2,0],"prices":[0.9,1.1]}""");

        Assert.Equal(TimeSpan.FromMinutes(10), trace.Gap);
        Assert.Equal([true, false, true, false], trace.Available);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,0]", "expected a JSON object")]
    [InlineData("""{"data":[1]}""", "metadata.gap_seconds")]
    [InlineData("""{"metadata":{"gap_seconds":0},"data":[1]}""", "must be positive")]
    [InlineData("""{"metadata":{"gap_seconds":60}}""", "data is missing")]
    [InlineData("""{"metadata":{"gap_seconds":60},"data":[]}""", "data is empty")]
    [InlineData("""{"metadata":{"gap_seconds":60},"data":[1,"x"]}""", "data[1] is not a number")]
    public void Rejects_malformed_traces_saying_what_is_wrong(string json, string message)
    {
        var error = Assert.Throws<SpotTraceFormatException>(() => SpotTraceParser.Parse(json));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
