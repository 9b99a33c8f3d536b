using Orchestrator.Kubernetes.Caching;

namespace Orchestrator.Kubernetes.Tests.Caching;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "train", ["tier"] = "gpu", ["orchestrator.dev/run"] = "r1" };

    [Theory]
    [InlineData("empty matches everything", "", true)]
    [InlineData("equality", "app=train", true)]
    [InlineData("double equals", "app==train", true)]
    [InlineData("equality on another value", "app=serve", false)]
    [InlineData("inequality", "app!=serve", true)]
    [InlineData("inequality of a missing label holds", "missing!=x", true)]
    [InlineData("exists", "tier", true)]
    [InlineData("does not exist", "!tier", false)]
    [InlineData("in", "tier in (cpu, gpu)", true)]
    [InlineData("notin", "tier notin (cpu,gpu)", false)]
    [InlineData("all requirements must hold", "app=train,tier in (cpu,gpu),!missing", true)]
    [InlineData("one failing requirement fails", "app=train,tier=cpu", false)]
    [InlineData("prefixed keys", "orchestrator.dev/run=r1", true)]
    public void Matches_like_the_api_server(string name, string selector, bool expected)
    {
        _ = name;
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));
    }

    [Theory]
    [InlineData("empty key", "=x")]
    [InlineData("space inside key", "a b")]
    public void Malformed_selectors_are_rejected_naming_the_requirement(string name, string selector)
    {
        _ = name;
        var error = Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));
        Assert.Contains(selector, error.Message, StringComparison.Ordinal);
    }
}
