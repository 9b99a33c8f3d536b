using System.Globalization;
using System.Text;
using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// Enough pod networking for real <c>torch.distributed</c> between the processes of one machine. A pod with a
/// <c>subdomain</c> gets its own loopback address (127.10.x.y, every 127/8 address is local on Linux), its own
/// hostname and its own <c>/etc/hosts</c> (a mount and UTS namespace per container, as a real kubelet bind-mounts a
/// managed hosts file). That file stands in for cluster DNS: it names the pod itself and every pod the headless
/// Service named by the subdomain publishes (<c>&lt;hostname&gt;.&lt;subdomain&gt;[.&lt;ns&gt;[.svc[.cluster.local]]]</c>),
/// rewritten in place whenever a member or the Service changes.
/// Ports are the one thing a loopback address cannot separate (a server bound to the wildcard address takes the port
/// on every address), so each Job's pods get a port space of their own by rewriting: a variable named <c>*PORT</c>
/// whose value is one of the Service's ports is given a host port allocated per (namespace, Service, Job, port).
/// docs/sandbox-workloads.md lists what differs from a cluster.
/// </summary>
internal sealed class PodNetwork(Func<string, string, V1Service?> serviceOf, Func<string, V1Pod?> podOf)
{
    public const string ClusterDomain = "cluster.local";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _hostPorts = new(StringComparer.Ordinal);
    private int _nextAddress;

    /// <summary>Whether containers can get their own mount and UTS namespaces here (root, with util-linux's unshare).</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess && File.Exists(Unshare);

    public const string Unshare = "/usr/bin/unshare";

    /// <summary>Gives the pod its address and hosts file (under <paramref name="folder"/>); null for a pod without a subdomain.</summary>
    public PodAddress? Join(V1Pod pod, string folder)
    {
        if (string.IsNullOrEmpty(pod.Spec.Subdomain) || !Supported)
        {
            return null;
        }

        Member member;
        lock (_gate)
        {
            if (!_members.TryGetValue(pod.Metadata.Uid, out member!))
            {
                var n = _nextAddress++;
                var ip = string.Create(CultureInfo.InvariantCulture, $"127.10.{n / 250 % 250}.{(n % 250) + 1}");
                member = new Member(pod.Metadata.Uid, pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Spec.Subdomain,
                    pod.Spec.Hostname ?? pod.Metadata.Name, ip, Path.Join(folder, "etc-hosts"));
                _members[member.Uid] = member;
            }
        }

        Refresh(member.Namespace, member.Subdomain);
        return new PodAddress(member.Ip, member.Hostname, member.HostsFile);
    }

    public void Leave(string uid)
    {
        Member? gone;
        lock (_gate)
        {
            if (!_members.Remove(uid, out gone))
            {
                return;
            }
        }

        Refresh(gone.Namespace, gone.Subdomain);
    }

    /// <summary>A Service or a pod's labels or readiness changed: rewrite the hosts files of its namespace.</summary>
    public void Refresh(string ns, string? subdomain = null)
    {
        List<Member> group;
        lock (_gate)
        {
            group = [.. _members.Values.Where(m => m.Namespace == ns && (subdomain is null || m.Subdomain == subdomain))];
        }

        foreach (var member in group)
        {
            Write(member);
        }
    }

    /// <summary>Rewrites the values of <c>*PORT</c> variables that name one of the pod's Service ports to its Job's host port.</summary>
    public void RewritePorts(V1Pod pod, Dictionary<string, string> env)
    {
        if (string.IsNullOrEmpty(pod.Spec.Subdomain) || !Supported || serviceOf(pod.Metadata.NamespaceProperty, pod.Spec.Subdomain) is not { } service)
        {
            return;
        }

        var ports = (service.Spec?.Ports ?? []).SelectMany(p => new[] { p.Port, TargetPort(p) }).Where(p => p > 0).ToHashSet();
        var job = pod.Metadata.Labels?.TryGetValue("batch.kubernetes.io/job-name", out var j) == true ? j : pod.Metadata.Name;
        foreach (var (name, value) in env.ToList())
        {
            if (name.EndsWith("PORT", StringComparison.Ordinal) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && ports.Contains(port))
            {
                env[name] = HostPort($"{pod.Metadata.NamespaceProperty}/{pod.Spec.Subdomain}/{job}/{port}").ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    private static int TargetPort(V1ServicePort port) =>
        port.TargetPort is { } target && int.TryParse(target.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : port.Port;

    private int HostPort(string key)
    {
        lock (_gate)
        {
            if (!_hostPorts.TryGetValue(key, out var port))
            {
                port = LoopbackPort.Free();
                _hostPorts[key] = port;
            }

            return port;
        }
    }

    private void Write(Member member)
    {
        var text = new StringBuilder();
        text.Append("# Written by the sandbox kubelet: this pod, then what cluster DNS would answer for its headless Service.\n");
        text.Append("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        text.Append(member.Ip).Append('\t').AppendJoin(' ', Names(member)).Append('\n');
        if (serviceOf(member.Namespace, member.Subdomain) is { Spec.ClusterIP: "None" } service)
        {
            List<Member> peers;
            lock (_gate)
            {
                peers = [.. _members.Values.Where(m => m.Uid != member.Uid && m.Namespace == member.Namespace && m.Subdomain == member.Subdomain).OrderBy(m => m.Hostname, StringComparer.Ordinal)];
            }

            foreach (var peer in peers.Where(p => Publishes(service, p)))
            {
                text.Append(peer.Ip).Append('\t').AppendJoin(' ', Names(peer).Where(n => n != peer.Hostname)).Append('\n');
            }
        }

        // In place, never by rename: the file is bind-mounted over /etc/hosts by inode.
        lock (member)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(member.HostsFile)!);
            using var file = new FileStream(member.HostsFile, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
            var bytes = Encoding.ASCII.GetBytes(text.ToString());
            file.Write(bytes);
            file.SetLength(bytes.Length);
        }
    }

    private bool Publishes(V1Service service, Member peer)
    {
        if (podOf(ObjectKeyOf(peer)) is not { } pod || pod.Metadata.DeletionTimestamp is not null && service.Spec.PublishNotReadyAddresses != true)
        {
            return false;
        }

        var selector = service.Spec.Selector ?? new Dictionary<string, string>();
        if (selector.Count == 0 || selector.Any(s => pod.Metadata.Labels?.TryGetValue(s.Key, out var v) != true || v != s.Value))
        {
            return false;
        }

        return service.Spec.PublishNotReadyAddresses == true || pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
    }

    private static string ObjectKeyOf(Member member) => $"{member.Namespace}/{member.Name}";

    private static IEnumerable<string> Names(Member m)
    {
        var name = $"{m.Hostname}.{m.Subdomain}";
        return [$"{name}.{m.Namespace}.svc.{ClusterDomain}", $"{name}.{m.Namespace}.svc", $"{name}.{m.Namespace}", name, m.Hostname];
    }

    private sealed record Member(string Uid, string Namespace, string Name, string Subdomain, string Hostname, string Ip, string HostsFile);
}
