using System.Net;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

/// <summary>Jobs and pods are validated as the API server does (pkg/apis/core/validation, pkg/apis/batch/validation), with its messages.</summary>
public sealed class BuiltInValidationTests : IAsyncLifetime
{
    private const string Jobs = "/apis/batch/v1/namespaces/default/jobs";
    private readonly FakeTimeProvider _time = new(TestSandbox.Start);
    private SandboxApiServer _server = null!;
    private RawApi _api = null!;

    public Task InitializeAsync()
    {
        _server = TestSandbox.Create(_time);
        _api = _server.Api();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("requests above limits",
        "{\"name\":\"trainer\",\"image\":\"i\",\"resources\":{\"requests\":{\"cpu\":\"2\"},\"limits\":{\"cpu\":\"1\"}}}", "",
        "spec.template.spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1")]
    [InlineData("container name not a DNS label",
        "{\"name\":\"Trainer_1\",\"image\":\"i\"}", "",
        "spec.template.spec.containers[0].name: Invalid value: \"Trainer_1\": a lowercase RFC 1123 label must consist of")]
    [InlineData("env name",
        "{\"name\":\"trainer\",\"image\":\"i\",\"env\":[{\"name\":\"1BAD\",\"value\":\"x\"}]}", "",
        "spec.template.spec.containers[0].env[0].name: Invalid value: \"1BAD\": a valid environment variable name")]
    [InlineData("duplicate container name across init containers",
        "{\"name\":\"agent\",\"image\":\"i\"}", ",\"initContainers\":[{\"name\":\"agent\",\"image\":\"i\",\"restartPolicy\":\"Always\"}]",
        "spec.template.spec.containers[0].name: Duplicate value: \"agent\"")]
    [InlineData("init container restartPolicy other than Always",
        "{\"name\":\"trainer\",\"image\":\"i\"}", ",\"initContainers\":[{\"name\":\"agent\",\"image\":\"i\",\"restartPolicy\":\"Never\"}]",
        "spec.template.spec.initContainers[0].restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"")]
    public async Task A_job_the_API_server_would_refuse_is_refused_with_its_message(string name, string container, string more, string expected)
    {
        _ = name;
        var job = "{\"metadata\":{\"name\":\"bad\"},\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[" + container + "]" + more + "}}}}";

        var reply = await _api.PostAsync(Jobs, job);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Code);
        Assert.StartsWith("Job.batch \"bad\" is invalid: ", reply.At("message"), StringComparison.Ordinal);
        Assert.Contains(expected, reply.At("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_podFailurePolicy_podReplacementPolicy_defaults_to_Failed_and_must_be_Failed()
    {
        const string Policy = "\"podFailurePolicy\":{\"rules\":[{\"action\":\"Ignore\",\"onPodConditions\":[{\"type\":\"DisruptionTarget\",\"status\":\"True\"}]}]}";
        const string Template = "\"template\":{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}";

        var defaulted = await _api.PostAsync(Jobs, "{\"metadata\":{\"name\":\"pfp\"},\"spec\":{" + Policy + "," + Template + "}}");
        var refused = await _api.PostAsync(Jobs, "{\"metadata\":{\"name\":\"pfp2\"},\"spec\":{\"podReplacementPolicy\":\"TerminatingOrFailed\"," + Policy + "," + Template + "}}");
        var plain = await _api.PostAsync(Jobs, "{\"metadata\":{\"name\":\"plain\"},\"spec\":{" + Template + "}}");

        Assert.Equal(HttpStatusCode.Created, defaulted.Code);
        Assert.Equal("Failed", defaulted.At("spec.podReplacementPolicy"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Code);
        Assert.Contains("spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\"", refused.At("message"), StringComparison.Ordinal);
        Assert.Equal("TerminatingOrFailed", plain.At("spec.podReplacementPolicy"));
    }
}
