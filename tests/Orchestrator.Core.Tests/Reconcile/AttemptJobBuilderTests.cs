using Orchestrator.Api;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

public sealed class AttemptJobBuilderTests
{
    [Fact]
    public void The_attempt_job_is_an_indexed_suspended_gang_owned_by_the_run()
    {
        var cluster = Cluster.ForQuickstart();
        var job = AttemptJobBuilder.Build(cluster.Run, cluster.Run.Spec, 3, CapacityType.Spot, "10m", ReconcileSettings.Default);

        Assert.Equal("quick-3", job.Metadata.Name);
        Assert.True(job.Spec.Suspend);
        Assert.Equal("Indexed", job.Spec.CompletionMode);
        Assert.Equal(2, job.Spec.Parallelism);
        Assert.Equal(2, job.Spec.Completions);
        Assert.Equal(0, job.Spec.BackoffLimit);
        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal(("TrainingRun", "quick", "uid-1", true), (owner.Kind, owner.Name, owner.Uid, owner.Controller == true));
        Assert.Equal("vision", job.Spec.Template.Metadata.Labels[Labels.Team]);
        var rule = Assert.Single(job.Spec.PodFailurePolicy.Rules);
        Assert.Equal(("FailJob", "DisruptionTarget"), (rule.Action, rule.OnPodConditions[0].Type));
    }

    [Fact]
    public void Worker_pods_get_a_grace_period_the_agents_upload_fits_in()
    {
        var cluster = Cluster.ForQuickstart();
        var pod = AttemptJobBuilder.Build(cluster.Run, cluster.Run.Spec, 1, CapacityType.Spot, "10m", ReconcileSettings.Default).Spec.Template.Spec;

        Assert.Equal(120, pod.TerminationGracePeriodSeconds);
        var agentGrace = pod.InitContainers.Single(c => c.Name == AttemptNames.AgentContainer).Env.Single(e => e.Name == EnvVars.AgentGraceSeconds);
        Assert.Equal("110", agentGrace.Value);
        Assert.Equal(AgentIdentity.ServiceAccount, pod.ServiceAccountName);
    }

    [Theory]
    [InlineData("the default", null, new double[0], 120, 110)]
    [InlineData("the template's own value wins", 600L, new double[] { 500 }, 600, 590)]
    [InlineData("slow observed saves raise it", null, new double[] { 40, 100 }, 160, 150)]
    [InlineData("fast observed saves keep the default", null, new double[] { 20 }, 120, 110)]
    public void The_grace_period_follows_the_template_then_the_observed_saves(string name, long? template, double[] saves, long pod, long agent)
    {
        _ = name;
        Assert.Equal((pod, agent), PodGracePeriod.Decide(template, TimeSpan.FromSeconds(120), saves));
    }

    [Fact]
    public void Workers_get_the_checkpoint_contract_and_the_agent_runs_as_restore_then_sidecar()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.Checkpoint.Storage.CredentialsSecret = new k8s.Models.V1LocalObjectReference { Name = "s3-creds" });
        var pod = AttemptJobBuilder.Build(cluster.Run, cluster.Run.Spec, 1, CapacityType.Spot, "10m", ReconcileSettings.Default).Spec.Template.Spec;

        var trainer = pod.Containers.Single();
        var env = trainer.Env.ToDictionary(e => e.Name);
        Assert.Equal("quick", env[EnvVars.Run].Value);
        Assert.Equal("1", env[EnvVars.Attempt].Value);
        Assert.Equal("2", env[EnvVars.WorldSize].Value);
        Assert.Equal("/checkpoints", env[EnvVars.CheckpointDir].Value);
        Assert.Contains("job-completion-index", env[EnvVars.Rank].ValueFrom.FieldRef.FieldPath, StringComparison.Ordinal);
        Assert.Null(trainer.EnvFrom);
        Assert.Contains(trainer.VolumeMounts, m => m.MountPath == "/checkpoints");

        Assert.Equal([AttemptNames.RestoreContainer, AttemptNames.AgentContainer], pod.InitContainers.Select(c => c.Name));
        Assert.Equal(["trainctl", "agent", "restore"], pod.InitContainers[0].Command);
        Assert.Null(pod.InitContainers[0].RestartPolicy);
        Assert.Equal("Always", pod.InitContainers[1].RestartPolicy);
        Assert.Equal("s3-creds", pod.InitContainers[1].EnvFrom.Single().SecretRef.Name);
        Assert.Equal("Never", pod.RestartPolicy);
    }

    [Fact]
    public void Building_does_not_change_the_runs_own_template()
    {
        var cluster = Cluster.ForQuickstart();
        AttemptJobBuilder.Build(cluster.Run, cluster.Run.Spec, 1, CapacityType.OnDemand, "10m", ReconcileSettings.Default);

        Assert.Null(cluster.Run.Spec.Template.Spec.InitContainers);
        Assert.Null(cluster.Run.Spec.Template.Spec.NodeSelector);
        Assert.Null(cluster.Run.Spec.Template.Spec.Containers[0].Env);
    }
}
