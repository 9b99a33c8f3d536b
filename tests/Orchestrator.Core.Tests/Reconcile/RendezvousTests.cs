using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

public sealed class RendezvousTests
{
    [Fact]
    public void Every_worker_container_gets_the_pytorch_and_torchrun_rendezvous_of_its_attempt()
    {
        var cluster = Cluster.ForQuickstart();
        var pod = AttemptJobBuilder.Build(cluster.Run, cluster.Run.Spec, 3, CapacityType.Spot, "10m", ReconcileSettings.Default).Spec.Template.Spec;

        Assert.Equal("quick", pod.Subdomain);
        var env = pod.Containers.Single().Env.ToDictionary(e => e.Name);
        Assert.Equal("quick-3-0.quick", env["MASTER_ADDR"].Value);
        Assert.Equal("29500", env["MASTER_PORT"].Value);
        Assert.Equal("2", env["WORLD_SIZE"].Value);
        Assert.Equal("$(NODE_RANK)", env["RANK"].Value);
        Assert.Contains("job-completion-index", env["NODE_RANK"].ValueFrom.FieldRef.FieldPath, StringComparison.Ordinal);
        Assert.Equal("2", env["PET_NNODES"].Value);
        Assert.Equal("$(NODE_RANK)", env["PET_NODE_RANK"].Value);
        Assert.Equal("$(MASTER_ADDR)", env["PET_MASTER_ADDR"].Value);
        Assert.Equal("$(MASTER_PORT)", env["PET_MASTER_PORT"].Value);
        Assert.Equal("1", env["PET_NPROC_PER_NODE"].Value);

        // $(VAR) only sees variables defined earlier in the list, so each reference comes after what it names.
        var order = pod.Containers.Single().Env.Select(e => e.Name).ToList();
        Assert.True(order.IndexOf("NODE_RANK") < order.IndexOf("RANK") && order.IndexOf("MASTER_PORT") < order.IndexOf("PET_MASTER_PORT"));
        Assert.All(pod.InitContainers, c => Assert.DoesNotContain(c.Env, e => e.Name == "MASTER_ADDR"));
    }

    [Fact]
    public void Processes_per_worker_make_world_size_count_processes_and_leave_rank_to_torchrun()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.Distributed = new DistributedSpec { ProcessesPerWorker = 4, MasterPort = 23456 });
        var env = AttemptJobBuilder.Build(cluster.Run, cluster.Run.Spec, 1, CapacityType.Spot, "10m", ReconcileSettings.Default)
            .Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name);

        Assert.Equal("8", env["WORLD_SIZE"].Value);
        Assert.Equal("4", env["PET_NPROC_PER_NODE"].Value);
        Assert.Equal("2", env["PET_NNODES"].Value);
        Assert.Equal("23456", env["MASTER_PORT"].Value);
        Assert.False(env.ContainsKey("RANK"));
        Assert.Equal("2", env[EnvVars.WorldSize].Value);
    }

    [Fact]
    public void A_variable_the_user_sets_keeps_the_users_value()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "MASTER_PORT", Value = "40000" }]);
        var env = AttemptJobBuilder.Build(cluster.Run, cluster.Run.Spec, 1, CapacityType.Spot, "10m", ReconcileSettings.Default)
            .Spec.Template.Spec.Containers.Single().Env.ToList();

        Assert.Equal("40000", Assert.Single(env, e => e.Name == "MASTER_PORT").Value);
        Assert.Equal("$(MASTER_PORT)", Assert.Single(env, e => e.Name == "PET_MASTER_PORT").Value);
        Assert.True(env.FindIndex(e => e.Name == "MASTER_PORT") < env.FindIndex(e => e.Name == "PET_MASTER_PORT"));
    }

    [Fact]
    public void The_headless_service_is_owned_by_the_run_selects_its_pods_and_publishes_them_before_ready()
    {
        var cluster = Cluster.ForQuickstart();
        var service = RendezvousService.Build(cluster.Run, cluster.Run.Spec);

        Assert.Equal(("quick", "default", "None"), (service.Metadata.Name, service.Metadata.NamespaceProperty, service.Spec.ClusterIP));
        Assert.Equal("quick", service.Spec.Selector[Labels.Run]);
        Assert.True(service.Spec.PublishNotReadyAddresses);
        Assert.Equal(29500, Assert.Single(service.Spec.Ports).Port);
        var owner = Assert.Single(service.Metadata.OwnerReferences);
        Assert.Equal(("TrainingRun", "quick", "uid-1", true), (owner.Kind, owner.Name, owner.Uid, owner.Controller == true));
    }

    [Fact]
    public void The_service_is_created_before_each_attempts_job()
    {
        var cluster = Cluster.ForQuickstart();
        var result = cluster.Step();

        var service = result.Actions.ToList().FindIndex(a => a is CreateService);
        var job = result.Actions.ToList().FindIndex(a => a is CreateJob);
        Assert.True(service >= 0 && service < job, string.Join(", ", result.Actions.Select(a => a.GetType().Name)));
    }
}
