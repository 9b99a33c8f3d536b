using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Sandbox.Auth;

/// <summary>
/// A self-signed certificate for 127.0.0.1 and localhost that is its own CA, made at start. The sandbox serves HTTPS
/// with it in RBAC mode because kubectl (client-go) sends no credentials over plain HTTP, so a token or
/// <c>--as</c> would never reach the server (kubernetes/kubectl#744). Kubeconfigs carry it as
/// <c>certificate-authority-data</c>; pods get it as <c>ca.crt</c> beside their token, as on a real cluster.
/// </summary>
internal sealed class ServingCertificate : IDisposable
{
    private ServingCertificate(X509Certificate2 certificate)
    {
        Certificate = certificate;
        Pem = certificate.ExportCertificatePem() + "\n";
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate alone (no key), PEM.</summary>
    public string Pem { get; }

    public static ServingCertificate Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orchestrator-sandbox", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        // The certificate must be valid by the machine's clock (TLS checks it), not by a scaled sandbox clock.
        var now = TimeProvider.System.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        // Kestrel needs the key in a form it can use on every platform: round-trip through PKCS#12.
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        return new ServingCertificate(certificate);
    }

    /// <summary>Whether <paramref name="presented"/> is this certificate (what a client that trusts only it accepts).</summary>
    public bool Matches(X509Certificate2? presented) => presented is not null && presented.Thumbprint == Certificate.Thumbprint;

    public void Dispose() => Certificate.Dispose();
}
