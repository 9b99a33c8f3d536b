using System.Net;
using k8s;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Kubernetes.Client;
using Orchestrator.Kubernetes.Tests.Sandbox;
using Orchestrator.Sandbox;
using static Orchestrator.Kubernetes.Tests.Caching.Pods;

namespace Orchestrator.Kubernetes.Tests.Client;

public sealed class ObjectUpdatesSandboxTests : IAsyncLifetime
{
    private readonly SandboxApiServer _server = SandboxApiServer.CreateInMemory(new SandboxApiOptions { CrdDocuments = [TrainingRunCrd.Yaml] });
    private IKubernetes _client = null!;

    public Task InitializeAsync()
    {
        _client = _server.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_status_update_from_a_stale_read_returns_the_current_object_instead_of_overwriting()
    {
        var stale = await CreateRunAsync("llm");
        var other = await GetRunAsync("llm");
        other.Status = new TrainingRunStatus { Phase = RunPhase.Running };
        var written = await ObjectUpdates.ReplaceStatusAsync(_client, CustomResource.TrainingRuns, other);
        Assert.Equal(UpdateOutcome.Updated, written.Outcome);

        stale.Status = new TrainingRunStatus { Phase = RunPhase.Failed };
        var conflict = await ObjectUpdates.ReplaceStatusAsync(_client, CustomResource.TrainingRuns, stale);

        Assert.Equal(UpdateOutcome.Conflict, conflict.Outcome);
        Assert.Equal(RunPhase.Running, conflict.Current!.Status!.Phase);
        Assert.Equal(RunPhase.Running, (await GetRunAsync("llm")).Status!.Phase);

        conflict.Current.Status.Phase = RunPhase.Succeeded;
        var retried = await ObjectUpdates.ReplaceStatusAsync(_client, CustomResource.TrainingRuns, conflict.Current);
        Assert.Equal(UpdateOutcome.Updated, retried.Outcome);
        Assert.Equal(RunPhase.Succeeded, (await GetRunAsync("llm")).Status!.Phase);
    }

    [Fact]
    public async Task A_status_update_of_a_deleted_object_reports_NotFound()
    {
        var run = await CreateRunAsync("gone");
        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, "gone");

        run.Status = new TrainingRunStatus { Phase = RunPhase.Running };
        var result = await ObjectUpdates.ReplaceStatusAsync(_client, CustomResource.TrainingRuns, run);

        Assert.Equal(UpdateOutcome.NotFound, result.Outcome);
        Assert.Null(result.Current);
    }

    [Fact]
    public async Task Create_tolerates_AlreadyExists_and_delete_tolerates_NotFound()
    {
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "llm-0" },
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = Pod("x").Spec } },
        };
        job.Spec.Template.Spec.RestartPolicy = "Never";

        Assert.True(await ObjectUpdates.CreateIgnoringAlreadyExistsAsync(() => _client.BatchV1.CreateNamespacedJobAsync(job, "default")));
        Assert.False(await ObjectUpdates.CreateIgnoringAlreadyExistsAsync(() => _client.BatchV1.CreateNamespacedJobAsync(job, "default")));
        Assert.True(await ObjectUpdates.DeleteIgnoringNotFoundAsync(() => _client.BatchV1.DeleteNamespacedJobAsync("llm-0", "default", propagationPolicy: "Background")));
        Assert.False(await ObjectUpdates.DeleteIgnoringNotFoundAsync(() => _client.BatchV1.DeleteNamespacedJobAsync("llm-0", "default")));
    }

    [Fact]
    public async Task Other_errors_are_not_swallowed()
    {
        _server.Faults.FailNext(1, 500, verb: "create", resource: "configmaps");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ObjectUpdates.CreateIgnoringAlreadyExistsAsync(
            () => _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, "default")));

        Assert.Equal(HttpStatusCode.InternalServerError, ApiErrors.StatusCode(error));
    }

    [Fact]
    public async Task Merge_patches_set_and_remove_labels_and_annotations_and_honour_a_resource_version()
    {
        var pod = Pod("p", run: "r1");
        pod.Metadata.Annotations = new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "1" };
        var created = await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        var patched = await _client.CoreV1.PatchNamespacedPodAsync(
            MergePatches.Metadata(
                new Dictionary<string, string?> { [Labels.Attempt] = "2", [Labels.Run] = null },
                new Dictionary<string, string?> { ["drop"] = null, ["new"] = "x" }),
            "p",
            "default");

        Assert.Equal(new Dictionary<string, string> { [Labels.Attempt] = "2" }, patched.Metadata.Labels);
        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["new"] = "x" }, patched.Metadata.Annotations);
        var stale = await Assert.ThrowsAnyAsync<Exception>(() => _client.CoreV1.PatchNamespacedPodAsync(
            MergePatches.Annotations(new Dictionary<string, string?> { ["late"] = "1" }, created.Metadata.ResourceVersion), "p", "default"));
        Assert.True(ApiErrors.IsConflict(stale));
    }

    [Fact]
    public async Task A_job_owned_by_a_run_is_garbage_collected_with_it()
    {
        var run = await CreateRunAsync("owner");
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "owner-0", OwnerReferences = [OwnerReferences.ControllerOf(run)] },
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = Pod("x").Spec } },
        };
        job.Spec.Template.Spec.RestartPolicy = "Never";
        var created = await _client.BatchV1.CreateNamespacedJobAsync(job, "default");
        Assert.True(OwnerReferences.IsControlledBy(created, run));

        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, "owner");

        await Poll.UntilAsync(() => _client.BatchV1.ListNamespacedJob("default").Items.Count == 0, because: "the owned Job is collected");
    }

    [Fact]
    public async Task Finalizer_patches_are_guarded_by_the_resource_version_they_were_built_from()
    {
        var run = await CreateRunAsync("final");
        await PatchRunAsync("final", MergePatches.Finalizers([Finalizers.Run], run.Metadata.ResourceVersion));
        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, "final");
        var terminating = await GetRunAsync("final");
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);

        var stale = await Assert.ThrowsAnyAsync<Exception>(() => PatchRunAsync("final", MergePatches.Finalizers([], run.Metadata.ResourceVersion)));
        Assert.True(ApiErrors.IsConflict(stale));

        await PatchRunAsync("final", MergePatches.Finalizers([], terminating.Metadata.ResourceVersion));
        var gone = await Assert.ThrowsAnyAsync<Exception>(() => GetRunAsync("final"));
        Assert.True(ApiErrors.IsNotFound(gone));
    }

    private Task<object> PatchRunAsync(string name, V1Patch patch) =>
        _client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, name);

    private async Task<TrainingRun> CreateRunAsync(string name)
    {
        var run = new TrainingRun { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" } };
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(run, ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural);
        return await GetRunAsync(name);
    }

    private Task<TrainingRun> GetRunAsync(string name) =>
        _client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingRun>(ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, name);
}
