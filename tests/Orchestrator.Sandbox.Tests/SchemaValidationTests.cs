using System.Net;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

public sealed class SchemaValidationTests : IAsyncLifetime
{
    private readonly SandboxApiServer _server = TestSandbox.Create();
    private RawApi _api = null!;

    public Task InitializeAsync()
    {
        _api = _server.Api();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("required", """{"size":2}""", "spec.color", "FieldValueRequired")]
    [InlineData("enum", """{"color":"pink"}""", "spec.color", "FieldValueNotSupported")]
    [InlineData("type", """{"color":"red","size":"big"}""", "spec.size", "FieldValueTypeInvalid")]
    [InlineData("minimum", """{"color":"red","size":0}""", "spec.size", "FieldValueInvalid")]
    [InlineData("maximum", """{"color":"red","size":11}""", "spec.size", "FieldValueInvalid")]
    [InlineData("max_length", """{"color":"red","name":"muchtoolong"}""", "spec.name", "FieldValueTooLong")]
    [InlineData("pattern", """{"color":"red","name":"Abc"}""", "spec.name", "FieldValueInvalid")]
    [InlineData("max_items", """{"color":"red","tags":["a","b","c","d"]}""", "spec.tags", "FieldValueTooMany")]
    [InlineData("set_duplicates", """{"color":"red","tags":["a","a"]}""", "spec.tags[1]", "FieldValueDuplicate")]
    [InlineData("int_or_string", """{"color":"red","quantity":true}""", "spec.quantity", "FieldValueTypeInvalid")]
    [InlineData("cel_rule_with_field_path", """{"color":"red","limits":{"low":5,"high":1}}""", "spec.limits.low", "FieldValueInvalid")]
    public async Task An_invalid_custom_resource_is_a_422_naming_the_field(string name, string spec, string field, string reason)
    {
        _ = name;
        var reply = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w", spec));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Code);
        Assert.Equal("Invalid", reply.At("reason"));
        Assert.Equal(field, reply.At("details.causes.0.field"));
        Assert.Equal(reason, reply.At("details.causes.0.reason"));
        Assert.StartsWith("Widget.test.sandbox.dev \"w\" is invalid: " + field, reply.At("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cel_rule_failure_carries_the_rule_message()
    {
        var reply = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w", """{"color":"red","limits":{"low":5,"high":1}}"""));
        Assert.Equal("Invalid value: \"object\": low must not exceed high", reply.At("details.causes.0.message"));
    }

    [Theory]
    [InlineData("ints", """{"color":"red","quantity":3}""")]
    [InlineData("strings", """{"color":"red","quantity":"500m"}""")]
    [InlineData("preserved_unknown", """{"color":"red","extra":{"anything":{"goes":[1,2]}}}""")]
    [InlineData("cel_rule_holds", """{"color":"red","limits":{"low":1,"high":5}}""")]
    public async Task A_valid_custom_resource_is_created(string name, string spec)
    {
        _ = name;
        var reply = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w", spec));
        Assert.Equal(HttpStatusCode.Created, reply.Code);
    }

    [Fact]
    public async Task Defaults_are_applied_on_create()
    {
        var reply = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w"));
        Assert.Equal("3", reply.At("spec.size"));
        Assert.Equal("fast", reply.At("spec.mode"));
    }

    [Fact]
    public async Task A_transition_rule_compares_with_the_stored_object_on_update()
    {
        await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w"));
        var reply = await _api.PatchAsync(TestSandbox.Widgets + "/w", """{"spec":{"mode":"slow"}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Code);
        Assert.Equal("spec.mode", reply.At("details.causes.0.field"));
        Assert.Contains("mode is immutable", reply.At("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_is_validated_on_the_status_subresource()
    {
        await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w"));
        var reply = await _api.PatchAsync(TestSandbox.Widgets + "/w/status", """{"status":{"observed":"many"}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Code);
        Assert.Equal("status.observed", reply.At("details.causes.0.field"));
    }

    [Theory]
    [InlineData("strict", "Strict", HttpStatusCode.BadRequest, 0)]
    [InlineData("warn", "Warn", HttpStatusCode.Created, 1)]
    [InlineData("ignore", "Ignore", HttpStatusCode.Created, 0)]
    public async Task Unknown_fields_are_pruned_and_reported_as_the_field_validation_directive_asks(string name, string directive, HttpStatusCode code, int warnings)
    {
        _ = name;
        var reply = await _api.PostAsync(TestSandbox.Widgets + "?fieldValidation=" + directive, TestSandbox.Widget("w", """{"color":"red","bogus":1}"""));
        Assert.Equal(code, reply.Code);
        Assert.Equal(warnings, reply.Warnings.Count);
        if (code == HttpStatusCode.Created)
        {
            Assert.Null(reply.At("spec.bogus"));
        }
        else
        {
            Assert.Contains("unknown field \"spec.bogus\"", reply.At("message"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("lower_case", "strict")]
    [InlineData("kubectl_flag_spelling", "true")]
    [InlineData("made_up", "Loose")]
    public async Task A_field_validation_directive_the_api_server_does_not_know_is_invalid(string name, string directive)
    {
        _ = name;
        var reply = await _api.PostAsync(TestSandbox.Widgets + "?fieldValidation=" + directive, TestSandbox.Widget("w", """{"color":"red","bogus":1}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Code);
        Assert.Equal("fieldValidation", reply.At("details.causes.0.field"));
        Assert.Equal(
            $"CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"{directive}\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"",
            reply.At("message"));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(TestSandbox.Widgets + "/w")).Code);
    }

    [Fact]
    public async Task Without_a_directive_unknown_fields_are_dropped_with_a_warning_as_since_kubernetes_1_25()
    {
        var reply = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w", """{"color":"red","bogus":1}"""));
        Assert.Equal(HttpStatusCode.Created, reply.Code);
        Assert.Equal("299 - \"unknown field \\\"spec.bogus\\\"\"", Assert.Single(reply.Warnings));
    }

    [Theory]
    [InlineData("Strict", HttpStatusCode.BadRequest, 0)]
    [InlineData("Warn", HttpStatusCode.Created, 1)]
    public async Task A_server_side_apply_that_creates_honours_the_directive_too(string directive, HttpStatusCode code, int warnings)
    {
        var reply = await _api.PatchAsync(
            TestSandbox.Widgets + "/applied?fieldManager=test&fieldValidation=" + directive,
            TestSandbox.Widget("applied", """{"color":"red","bogus":1}"""),
            "application/apply-patch+yaml");
        Assert.Equal(code, reply.Code);
        Assert.Equal(warnings, reply.Warnings.Count);
    }

    [Fact]
    public async Task A_crd_created_through_the_api_is_served_at_once()
    {
        var crd = File.ReadAllText(Repo.TestData("widgets.yaml"))
            .Replace("widgets", "gadgets", StringComparison.Ordinal).Replace("Widget", "Gadget", StringComparison.Ordinal)
            .Replace("[wg]", "[gd]", StringComparison.Ordinal);
        var created = await _api.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, "application/yaml");
        Assert.Equal(HttpStatusCode.Created, created.Code);
        Assert.Equal("Established", created.At("status.conditions.1.type"));

        var discovery = await _api.GetAsync("/apis/test.sandbox.dev/v1");
        Assert.Contains("\"gadgets\"", discovery.Text, StringComparison.Ordinal);
        var gadget = await _api.PostAsync("/apis/test.sandbox.dev/v1/namespaces/default/gadgets",
            """{"apiVersion":"test.sandbox.dev/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{"color":"pink"}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, gadget.Code);
    }

    [Fact]
    public async Task Changing_a_crd_through_the_api_changes_its_validation()
    {
        const string crdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.test.sandbox.dev";
        var json = """[{"op":"replace","path":"/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/size/maximum","value":100}]""";
        var patched = await _api.PatchAsync(crdPath, json, "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.Code);

        var reply = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("big", """{"color":"red","size":50}"""));
        Assert.Equal(HttpStatusCode.Created, reply.Code);
    }

    [Fact]
    public async Task The_training_run_crd_from_the_repository_accepts_the_samples_and_rejects_a_bad_run()
    {
        await using var server = SandboxApiServer.CreateInMemory(new SandboxApiOptions { CrdDirectory = Repo.Crds });
        var api = server.Api();
        var quickstart = File.ReadAllText(Path.Combine(Repo.Samples, "quickstart.yaml"));
        var ok = await api.SendAsync(HttpMethod.Post, "/apis/orchestrator.dev/v1alpha1/namespaces/default/trainingruns?fieldValidation=Strict", quickstart, "application/yaml");
        Assert.Equal(HttpStatusCode.Created, ok.Code);

        var bad = quickstart.Replace("name: quickstart", "name: bad", StringComparison.Ordinal)
            .Replace("workers: 2", "workers: 0", StringComparison.Ordinal);
        var rejected = await api.SendAsync(HttpMethod.Post, "/apis/orchestrator.dev/v1alpha1/namespaces/default/trainingruns", bad, "application/yaml");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.Code);
        Assert.Equal("spec.workers", rejected.At("details.causes.0.field"));
    }

    [Fact]
    public async Task The_training_runs_storage_uri_cannot_be_changed_once_created()
    {
        await using var server = SandboxApiServer.CreateInMemory(new SandboxApiOptions { CrdDirectory = Repo.Crds });
        var api = server.Api();
        const string runs = "/apis/orchestrator.dev/v1alpha1/namespaces/default/trainingruns";
        var quickstart = File.ReadAllText(Path.Combine(Repo.Samples, "quickstart.yaml"));
        Assert.Equal(HttpStatusCode.Created, (await api.SendAsync(HttpMethod.Post, runs, quickstart, "application/yaml")).Code);

        var moved = await api.PatchAsync(runs + "/quickstart", """{"spec":{"checkpoint":{"storage":{"uri":"s3://elsewhere/runs"}}}}""");
        var suspended = await api.PatchAsync(runs + "/quickstart", """{"spec":{"suspend":true}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.Code);
        Assert.Equal("spec.checkpoint.storage.uri", moved.At("details.causes.0.field"));
        Assert.Contains("is immutable", moved.At("message"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, suspended.Code);
    }
}
