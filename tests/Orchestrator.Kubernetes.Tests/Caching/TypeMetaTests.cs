using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Kubernetes.Caching;
using Orchestrator.Kubernetes.Kueue;

namespace Orchestrator.Kubernetes.Tests.Caching;

public sealed class TypeMetaTests
{
    [Fact]
    public void Fills_what_list_items_lack_from_the_type()
    {
        Assert.Equal(("v1", "Pod"), Meta(TypeMeta.Fill(new V1Pod())));
        Assert.Equal(("batch/v1", "Job"), Meta(TypeMeta.Fill(new V1Job())));
        Assert.Equal(("kueue.x-k8s.io/v1beta2", "Workload"), Meta(TypeMeta.Fill(new Workload { ApiVersion = "", Kind = "" })));
        Assert.Equal(("orchestrator.dev/v1alpha1", "TrainingRun"), Meta(TypeMeta.Fill(new TrainingRun { ApiVersion = "", Kind = "" })));
    }

    [Fact]
    public void Keeps_what_the_server_sent()
    {
        Assert.Equal(("v1", "Other"), Meta(TypeMeta.Fill(new V1Pod { ApiVersion = "v1", Kind = "Other" })));
    }

    private static (string, string) Meta(k8s.IKubernetesObject obj) => (obj.ApiVersion, obj.Kind);
}
