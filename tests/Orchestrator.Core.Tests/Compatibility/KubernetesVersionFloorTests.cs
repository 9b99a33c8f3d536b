using Orchestrator.Core.Compatibility;

namespace Orchestrator.Core.Tests.Compatibility;

public sealed class KubernetesVersionFloorTests
{
    [Theory]
    [InlineData("1.29 exactly", "1", "29", "v1.29.0", true)]
    [InlineData("GKE's minor with a plus", "1", "31+", "v1.31.4-gke.1000", true)]
    [InlineData("a 2.x server", "2", "0", "v2.0.0", true)]
    [InlineData("1.28", "1", "28", "v1.28.9", false)]
    [InlineData("EKS 1.27", "1", "27+", "v1.27.16-eks-a18cd3a", false)]
    [InlineData("unreadable", "", "", "", false)]
    public void Accepts_1_29_and_newer_only(string name, string major, string minor, string gitVersion, bool accepted)
    {
        _ = name;
        Assert.Equal(accepted, KubernetesVersionFloor.Refusal(major, minor, gitVersion) is null);
    }
}
