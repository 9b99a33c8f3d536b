using Orchestrator.Kubernetes.Kueue;

namespace Orchestrator.Kubernetes.Tests.Client;

public sealed class KueueVersionsTests
{
    [Theory]
    [InlineData("Kueue 0.15+: both served, v1beta2 preferred", "v1beta2", "v1beta2,v1beta1", "v1beta2")]
    [InlineData("Kueue before 0.15: v1beta1 only", "v1beta1", "v1beta1", "v1beta1")]
    [InlineData("a later Kueue preferring a version this controller does not know", "v1beta3", "v1beta3,v1beta2,v1beta1", "v1beta2")]
    [InlineData("a later Kueue preferring a version this controller does not know, v1beta1 left", "v1", "v1,v1beta1", "v1beta1")]
    [InlineData("nothing readable", "v1alpha1", "v1alpha1", null)]
    public void The_controller_reads_the_preferred_version_when_it_can_else_the_best_it_reads(string _, string preferred, string served, string? expected)
    {
        Assert.Equal(expected, KueueVersions.Choose(preferred, served.Split(',')));
    }
}
