using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Patching;

namespace Orchestrator.Sandbox.Tests;

public sealed class StrategicMergePatchTests
{
    public static TheoryData<string, string, string, string> Cases => new()
    {
        {
            "containers merge by name, a container's ports by containerPort",
            """{"spec":{"containers":[{"name":"a","image":"1","ports":[{"containerPort":80,"name":"http"}]},{"name":"b","image":"1"}]}}""",
            """{"spec":{"containers":[{"name":"a","image":"2","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":81}]}]}}""",
            """{"spec":{"containers":[{"name":"a","image":"2","ports":[{"containerPort":80,"name":"http","protocol":"TCP"},{"containerPort":81}]},{"name":"b","image":"1"}]}}"""
        },
        {
            "a Service's ports merge by port",
            """{"spec":{"ports":[{"port":80,"name":"http"},{"port":443}]}}""",
            """{"spec":{"ports":[{"port":443,"name":"https"}]}}""",
            """{"spec":{"ports":[{"port":80,"name":"http"},{"port":443,"name":"https"}]}}"""
        },
        {
            "conditions merge by type",
            """{"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"PodScheduled","status":"True"}]}}""",
            """{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""",
            """{"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}]}}"""
        },
        {
            "$patch delete removes one item, $patch replace a whole list",
            """{"spec":{"volumes":[{"name":"a"},{"name":"b"}],"initContainers":[{"name":"x"}]}}""",
            """{"spec":{"volumes":[{"name":"a","$patch":"delete"}],"initContainers":[{"$patch":"replace"},{"name":"y"}]}}""",
            """{"spec":{"volumes":[{"name":"b"}],"initContainers":[{"name":"y"}]}}"""
        },
        {
            "finalizers merge as a set; $deleteFromPrimitiveList removes",
            """{"metadata":{"finalizers":["a","b"]}}""",
            """{"metadata":{"finalizers":["b","c"],"$deleteFromPrimitiveList/finalizers":["a"]}}""",
            """{"metadata":{"finalizers":["b","c"]}}"""
        },
        {
            "lists without a merge key are replaced; null deletes; $setElementOrder is dropped",
            """{"spec":{"tolerations":[{"key":"a"}],"nodeSelector":{"x":"1","y":"2"}}}""",
            """{"spec":{"tolerations":[{"key":"b"}],"nodeSelector":{"x":null},"$setElementOrder/tolerations":[{"key":"b"}]}}""",
            """{"spec":{"tolerations":[{"key":"b"}],"nodeSelector":{"y":"2"}}}"""
        },
        {
            "$retainKeys keeps only the keys it names; $patch replace on a map",
            """{"spec":{"volumes":[{"name":"v","emptyDir":{},"hostPath":{"path":"/x"}}],"selector":{"a":"1"}}}""",
            """{"spec":{"volumes":[{"name":"v","hostPath":{"path":"/y"},"$retainKeys":["name","hostPath"]}],"selector":{"$patch":"replace","b":"2"}}}""",
            """{"spec":{"volumes":[{"name":"v","hostPath":{"path":"/y"}}],"selector":{"b":"2"}}}"""
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Applies_as_the_apiserver_does(string name, string target, string patch, string expected)
    {
        var result = StrategicMergePatch.Apply(JsonNode.Parse(target)!.AsObject(), JsonNode.Parse(patch)!.AsObject());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), $"{name}: {result.ToJsonString()}");
    }
}
