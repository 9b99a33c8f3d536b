using k8s;
using k8s.Models;
using Orchestrator.Charts.Tests.Chart;
using Orchestrator.Charts.Tests.Templating;

namespace Orchestrator.Charts.Tests;

/// <summary>The chart's defaults render to Kubernetes objects a cluster would accept, with a hardened controller pod.</summary>
public sealed class RenderedObjectsTests(ChartFixture fixture) : IClassFixture<ChartFixture>
{
    private static readonly HashSet<string> ClusterScoped = ["ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"];

    [Fact]
    public void Defaults_render_the_expected_objects()
    {
        var kinds = fixture.Defaults.Objects.Select(RenderedChart.Describe).Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "ClusterRole/orchestrator",
                "ClusterRole/orchestrator-trainingrun-editor",
                "ClusterRole/orchestrator-trainingrun-viewer",
                "ClusterRoleBinding/orchestrator",
                "ConfigMap/orchestrator",
                "CustomResourceDefinition/trainingruns.orchestrator.dev",
                "Deployment/orchestrator",
                "PodDisruptionBudget/orchestrator",
                "Role/orchestrator-leader-election",
                "RoleBinding/orchestrator-leader-election",
                "Service/orchestrator-metrics",
                "ServiceAccount/orchestrator",
            ],
            kinds);
    }

    [Fact]
    public void Every_object_has_apiVersion_kind_name_and_the_right_namespace()
    {
        foreach (var o in fixture.Defaults.Objects)
        {
            var what = RenderedChart.Describe(o);
            Assert.False(string.IsNullOrEmpty(o.GetValueOrDefault("apiVersion") as string), $"{what}: no apiVersion");
            Assert.False(string.IsNullOrEmpty(o.GetValueOrDefault("kind") as string), $"{what}: no kind");
            Assert.False(string.IsNullOrEmpty(ObjectPath.Get(o, "metadata.name") as string), $"{what}: no metadata.name");
            var expectedNamespace = ClusterScoped.Contains((string)o["kind"]!) ? null : HelmChart.ReleaseNamespace;
            Assert.True(Equals(expectedNamespace, ObjectPath.Get(o, "metadata.namespace")), $"{what}: namespace should be {expectedNamespace ?? "absent"}");
        }
    }

    [Fact]
    public void Built_in_objects_have_no_field_the_api_does_not_know()
    {
        foreach (var manifest in fixture.Chart.Render(YamlValues.With(fixture.Chart.DefaultValues, "serviceMonitor.enabled", false)).Manifests)
        {
            // Strict: an unknown or misspelt field throws, naming it.
            var objects = KubernetesYaml.LoadAllFromString(manifest.Text, typeMap: null, strict: true);
            Assert.Equal(manifest.Objects.Count, objects.Count);
        }
    }

    [Fact]
    public void Strict_parsing_catches_a_misspelt_field()
    {
        var deployment = fixture.Defaults.Manifests.Single(m => m.File == "templates/deployment.yaml").Text;
        var misspelt = deployment.Replace("readOnlyRootFilesystem:", "readOnlyRootFileSystem:", StringComparison.Ordinal);
        Assert.NotEqual(deployment, misspelt);
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(misspelt, typeMap: null, strict: true));
    }

    [Fact]
    public void Deployment_runs_two_replicas_with_leader_election_and_probes()
    {
        var deployment = Deployment(fixture.Defaults);
        Assert.Equal(2, deployment.Spec.Replicas);
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Contains("--leader-elect", container.Args);
        Assert.Contains($"--leader-election-namespace={HelmChart.ReleaseNamespace}", container.Args);
        Assert.Contains("--metrics-port=8080", container.Args);
        Assert.Contains("--retention-sweep-interval=1h", container.Args);
        Assert.Contains("--config=/etc/orchestrator/config.yaml", container.Args);
        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("metrics", container.LivenessProbe.HttpGet.Port.Value);
        Assert.Equal(8080, Assert.Single(container.Ports).ContainerPort);
        Assert.Equal("ghcr.io/orchestrator-dev/orchestrator:0.1.0", container.Image);
    }

    [Fact]
    public void Deployment_security_context_is_hardened()
    {
        var deployment = Deployment(fixture.Defaults);
        var pod = deployment.Spec.Template.Spec.SecurityContext;
        Assert.True(pod.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SeccompProfile.Type);
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers).SecurityContext;
        Assert.True(container.RunAsNonRoot);
        Assert.True(container.ReadOnlyRootFilesystem);
        Assert.False(container.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.Capabilities.Drop);
        Assert.Null(container.Capabilities.Add);
        Assert.Equal("RuntimeDefault", container.SeccompProfile.Type);
        Assert.Null(container.Privileged);
    }

    [Fact]
    public void Leader_election_off_drops_the_flag_and_the_lease_role()
    {
        var rendered = fixture.Chart.Render(YamlValues.With(fixture.Chart.DefaultValues, "leaderElection.enabled", false));
        Assert.DoesNotContain("--leader-elect", Assert.Single(Deployment(rendered).Spec.Template.Spec.Containers).Args);
        Assert.Empty(rendered.OfKind("Role"));
        Assert.Empty(rendered.OfKind("RoleBinding"));
    }

    public static TheoryData<string, string, object?, string, bool> Switches => new()
    {
        { "serviceMonitor on", "serviceMonitor.enabled", true, "ServiceMonitor", true },
        { "serviceMonitor off", "serviceMonitor.enabled", false, "ServiceMonitor", false },
        { "metrics service off", "metrics.service.enabled", false, "Service", false },
        { "no aggregated roles", "rbac.aggregateToDefaultRoles", false, "ClusterRole", true },
        { "no rbac", "rbac.create", false, "ClusterRoleBinding", false },
        { "existing service account", "serviceAccount.create", false, "ServiceAccount", false },
        { "no pod disruption budget", "podDisruptionBudget.enabled", false, "PodDisruptionBudget", false },
        { "no crd", "crd.enabled", false, "CustomResourceDefinition", false },
    };

    [Theory]
    [MemberData(nameof(Switches))]
    public void Switches_add_and_remove_objects(string name, string key, object? value, string kind, bool present)
    {
        var rendered = fixture.Chart.Render(YamlValues.With(fixture.Chart.DefaultValues, key, value));
        Assert.True(present == rendered.OfKind(kind).Any(), $"{name}: {kind} should be {(present ? "present" : "absent")}");
    }

    [Fact]
    public void ServiceMonitor_scrapes_the_metrics_port_with_the_users_labels()
    {
        var values = YamlValues.With(fixture.Chart.DefaultValues, "serviceMonitor.enabled", true);
        values = YamlValues.With(values, "serviceMonitor.labels", new Dictionary<string, object?> { ["release"] = "prom" });
        var monitor = fixture.Chart.Render(values).Single("ServiceMonitor", "orchestrator");
        Assert.Equal("prom", ObjectPath.Get(monitor, "metadata.labels.release"));
        Assert.Equal("metrics", ObjectPath.Get(monitor, "spec.endpoints.0.port"));
        Assert.Equal("/metrics", ObjectPath.Get(monitor, "spec.endpoints.0.path"));
        var selector = (Dictionary<string, object?>)ObjectPath.Get(monitor, "spec.selector.matchLabels")!;
        Assert.Equal("controller", selector["app.kubernetes.io/component"]);
    }

    [Fact]
    public void Config_holds_the_notice_signal_table_prices_storage_and_agent_image()
    {
        var configMap = fixture.Defaults.Single("ConfigMap", "orchestrator");
        var config = YamlValues.LoadMap((string)((Dictionary<string, object?>)configMap["data"]!)["config.yaml"]!);
        var signals = ((List<object?>)config["noticeSignals"]!).Cast<Dictionary<string, object?>>()
            .Select(s => $"{s["source"]} {s["key"]} {s["noticeWindow"]}{(s.TryGetValue("endsAttempt", out var ends) ? $" endsAttempt={ends}" : "")}")
            .ToList();
        Assert.Equal(
            [
                "NodeTaint aws-node-termination-handler/spot-itn 120s",
                "NodeTaint karpenter.sh/disrupted 120s endsAttempt=False",
                "NodeTaint cloud.google.com/impending-node-termination 15s",
                "NodeTaint aks-node-termination-handler/preempt 30s",
                "PodCondition DisruptionTarget 30s",
            ],
            signals);
        Assert.Equal(1.64, ObjectPath.Get(config, "pricing.spotPerGpuHour"));
        Assert.Equal(4.10, ObjectPath.Get(config, "pricing.onDemandPerGpuHour"));
        Assert.False(config.ContainsKey("checkpointStorage"), "the controller's config file has no checkpointStorage section");
        Assert.Equal("ghcr.io/orchestrator-dev/orchestrator:0.1.0", ObjectPath.Get(config, "agent.image"));
    }

    [Fact]
    public void Changing_the_config_rolls_the_pods()
    {
        static string Hash(RenderedChart r) => Deployment(r).Spec.Template.Metadata.Annotations["orchestrator.dev/config-hash"];
        var changed = fixture.Chart.Render(YamlValues.With(fixture.Chart.DefaultValues, "pricing.spotPerGpuHour", 2.0));
        Assert.NotEqual(Hash(fixture.Defaults), Hash(changed));
    }

    [Fact]
    public void Notes_render_with_the_release_names()
    {
        Assert.Contains($"kubectl -n {HelmChart.ReleaseNamespace} get deploy orchestrator", fixture.Defaults.Notes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orchestrator", "", "orchestrator")]
    [InlineData("prod", "", "prod-orchestrator")]
    [InlineData("team-orchestrator", "", "team-orchestrator")]
    [InlineData("prod", "ctl", "ctl")]
    public void Names_follow_the_release(string release, string fullnameOverride, string expected)
    {
        var rendered = fixture.Chart.Render(YamlValues.With(fixture.Chart.DefaultValues, "fullnameOverride", fullnameOverride), release);
        Assert.Equal(expected, rendered.OfKind("Deployment").Select(d => ObjectPath.Get(d, "metadata.name")).Single());
        Assert.Equal(expected, ObjectPath.Get(rendered.OfKind("ClusterRoleBinding").Single(), "roleRef.name"));
        Assert.Contains($"--leader-election-id={expected}", ((List<object?>)ObjectPath.Get(rendered.OfKind("Deployment").Single(), "spec.template.spec.containers.0.args")!).Cast<string>());
    }

    private static V1Deployment Deployment(RenderedChart rendered) =>
        KubernetesYaml.Deserialize<V1Deployment>(rendered.Manifests.Single(m => m.File == "templates/deployment.yaml").Text, strict: true);
}
