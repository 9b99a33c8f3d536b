using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Sandbox.Tests.Workloads;

public sealed class PathTranslatorTests
{
    private static readonly PathTranslator Translator = new(
    [
        KeyValuePair.Create("/data", "/host/data"),
        KeyValuePair.Create("/data/cache/", "/host/cache"),
        KeyValuePair.Create("/ckpt", "/host/ckpt"),
    ]);

    [Theory]
    [InlineData("the mount path itself", "/data", "/host/data")]
    [InlineData("a path under the mount", "/data/train.csv", "/host/data/train.csv")]
    [InlineData("the longest mount wins", "/data/cache/x", "/host/cache/x")]
    [InlineData("a sibling with the same prefix is left alone", "/database/x", "/database/x")]
    [InlineData("the value of a --flag=path argument", "--out=/ckpt/step-1", "--out=/host/ckpt/step-1")]
    [InlineData("a key=value that is no flag is left alone", "out=/ckpt/step-1", "out=/ckpt/step-1")]
    [InlineData("a path inside a script is left alone", "cat /data/x", "cat /data/x")]
    [InlineData("a relative path is left alone", "data/x", "data/x")]
    public void Rewrites_values_that_are_container_paths_under_a_mount(string because, string value, string expected) =>
        Assert.True(expected == Translator.Translate(value), because);
}
