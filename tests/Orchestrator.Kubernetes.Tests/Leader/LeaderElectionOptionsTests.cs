using Orchestrator.Kubernetes.Leader;

namespace Orchestrator.Kubernetes.Tests.Leader;

public sealed class LeaderElectionOptionsTests
{
    [Theory]
    [InlineData("defaults are valid", 15, 10, 2, null)]
    [InlineData("renew deadline must exceed the retry period", 15, 2, 2, "RenewDeadline")]
    [InlineData("lease duration must exceed the renew deadline", 10, 10, 2, "LeaseDuration")]
    [InlineData("retry period must be positive", 15, 10, 0, "RetryPeriod")]
    public void Validate_names_the_duration_at_fault(string name, int lease, int renew, int retry, string? field)
    {
        _ = name;
        var options = new LeaderElectionOptions
        {
            Namespace = "ns",
            LeaseName = "l",
            Identity = "me",
            LeaseDuration = TimeSpan.FromSeconds(lease),
            RenewDeadline = TimeSpan.FromSeconds(renew),
            RetryPeriod = TimeSpan.FromSeconds(retry),
        };

        if (field is null)
        {
            options.Validate();
        }
        else
        {
            Assert.StartsWith(field, Assert.Throws<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);
        }
    }
}
