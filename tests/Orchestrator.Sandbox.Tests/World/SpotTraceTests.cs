using Orchestrator.Sandbox.Capacity;

namespace Orchestrator.Sandbox.Tests.World;

public sealed class SpotTraceTests
{
    private static readonly SpotTrace Trace = new(TimeSpan.FromSeconds(600), [1, 1, 0, 0, 1]);

    [Theory]
    [InlineData("start", 0, 1)]
    [InlineData("within the first tick", 599, 1)]
    [InlineData("third tick", 1200, 0)]
    [InlineData("last tick", 2400, 1)]
    [InlineData("after the end the last value holds", 99999, 1)]
    public void Value_follows_the_tick(string name, int seconds, int expected)
    {
        _ = name;
        Assert.Equal(expected, Trace.ValueAt(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData("from the start, the drop at tick 2", 0, 1200)]
    [InlineData("during the outage, the return at tick 4", 1300, 2400)]
    [InlineData("after the last change, none", 2400, -1)]
    public void Next_change_is_the_next_differing_tick(string name, int seconds, int expected)
    {
        _ = name;
        var next = Trace.NextChangeAfter(TimeSpan.FromSeconds(seconds));
        Assert.Equal(expected < 0 ? null : TimeSpan.FromSeconds(expected), next);
    }

    [Fact]
    public void Bundled_traces_load_with_their_gap()
    {
        var path = Path.Combine(RepoPaths.SpotTraces, "availability", "1-node", "aws-10-26-2022");
        var file = Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal).First();

        var trace = SpotTrace.Load(file);

        Assert.Equal(TimeSpan.FromSeconds(600), trace.Gap);
        Assert.True(trace.IsBinary);
        Assert.Contains(0, trace.Values);
    }

    [Fact]
    public void A_malformed_trace_names_the_file_and_field()
    {
        var file = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"metadata":{},"data":[1]}""");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => SpotTrace.Load(file));
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
            Assert.Contains("gap_seconds", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("binary available gives the whole pool", new[] { 0, 1 }, 1, 3, 3)]
    [InlineData("binary unavailable gives none", new[] { 0, 1 }, 0, 3, 0)]
    [InlineData("counts cap the pool", new[] { 0, 2, 5 }, 2, 3, 2)]
    [InlineData("counts above the pool size give the pool", new[] { 0, 2, 5 }, 5, 3, 3)]
    public void Available_nodes_from_a_tick_value(string name, int[] values, int value, int size, int expected)
    {
        _ = name;
        Assert.Equal(expected, new SpotTrace(TimeSpan.FromSeconds(1), values).AvailableNodes(value, size));
    }
}
