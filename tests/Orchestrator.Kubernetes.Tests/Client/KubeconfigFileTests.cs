using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Exceptions;
using Orchestrator.Kubernetes.Client;

namespace Orchestrator.Kubernetes.Tests.Client;

/// <summary>
/// <see cref="KubeconfigFile"/> replaces KubernetesClient's loader to save memory; a user must not see any other
/// difference, so each case compares it with the library's own <c>BuildConfigFromConfigFile</c>.
/// </summary>
public sealed class KubeconfigFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubeconfig-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("current context (token, CA file given relative to the kubeconfig)", null)]
    [InlineData("named context (client certificate data, TLS verification off)", "admin")]
    public void Reads_a_kubeconfig_exactly_as_the_library_does(string because, string? context)
    {
        _ = because;
        var path = WriteKubeconfig();

        var ours = KubeconfigFile.Configuration(path, context);
        var library = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);

        Assert.Equal(library.CurrentContext, ours.CurrentContext);
        Assert.Equal(library.Host, ours.Host);
        Assert.Equal(library.Namespace, ours.Namespace);
        Assert.Equal(library.AccessToken, ours.AccessToken);
        Assert.Equal(library.SkipTlsVerify, ours.SkipTlsVerify);
        Assert.Equal(library.TlsServerName, ours.TlsServerName);
        Assert.Equal(library.ClientCertificateData, ours.ClientCertificateData);
        Assert.Equal(library.ClientCertificateKeyData, ours.ClientCertificateKeyData);
        Assert.Equal(Thumbprints(library.SslCaCerts), Thumbprints(ours.SslCaCerts));
    }

    [Fact]
    public void The_current_context_carries_its_cluster_user_and_namespace()
    {
        var config = KubeconfigFile.Configuration(WriteKubeconfig());

        Assert.Equal("training", config.CurrentContext);
        Assert.Equal("https://10.0.0.1:6443", config.Host);
        Assert.Equal("ml-team", config.Namespace);
        Assert.Equal("sekret-token", config.AccessToken);
        Assert.Single(config.SslCaCerts!);
    }

    [Fact]
    public void An_unknown_context_is_named_in_the_error()
    {
        var error = Assert.Throws<KubeConfigException>(() => KubeconfigFile.Configuration(WriteKubeconfig(), "nope"));

        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_is_a_yaml_error()
    {
        var path = Path.Combine(_directory, "broken");
        File.WriteAllText(path, "clusters: [\n  - name: a\n    cluster: {server: \"unterminated\n");

        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => KubeconfigFile.Load(path));
    }

    [Fact]
    public void A_missing_file_is_named_in_the_error()
    {
        var path = Path.Combine(_directory, "absent");

        var error = Assert.Throws<FileNotFoundException>(() => KubeconfigFile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static string[] Thumbprints(X509Certificate2Collection? certificates) =>
        certificates is null ? [] : [.. certificates.Select(c => c.Thumbprint)];

    /// <summary>
    /// Two contexts: one with a token and a CA file named relative to the kubeconfig (the test's working directory is
    /// elsewhere, so it only resolves against the file's folder), one with inline client certificate data.
    /// Fields newer kubectl versions write, and the model lacks, must be skipped.
    /// </summary>
    private string WriteKubeconfig()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=test-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certs = Directory.CreateDirectory(Path.Combine(_directory, "certs")).FullName;
        File.WriteAllText(Path.Combine(certs, "ca.crt"), certificate.ExportCertificatePem());
        var certData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(certificate.ExportCertificatePem()));
        var keyData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key.ExportRSAPrivateKeyPem()));

        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: training
            preferences: {"{}"}
            clusters:
            - name: gpu-cluster
              cluster:
                server: https://10.0.0.1:6443
                certificate-authority: certs/ca.crt
                tls-server-name: api.gpu.example
                disable-compression: true
            - name: lab
              cluster:
                server: https://lab.example:443
                insecure-skip-tls-verify: true
            contexts:
            - name: training
              context:
                cluster: gpu-cluster
                user: ml
                namespace: ml-team
            - name: admin
              context:
                cluster: lab
                user: root
            users:
            - name: ml
              user:
                token: sekret-token
            - name: root
              user:
                client-certificate-data: {certData}
                client-key-data: {keyData}
            """);
        return path;
    }
}
