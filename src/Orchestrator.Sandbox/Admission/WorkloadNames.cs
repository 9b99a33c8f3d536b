using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Sandbox.Admission;

internal static class WorkloadNames
{
    /// <summary>Kueue's shape, <c>job-&lt;name&gt;-&lt;hash5&gt;</c>, the hash telling apart Jobs recreated under one name.</summary>
    public static string ForJob(string jobName, string? jobUid)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{jobName}/{jobUid}"));
        var suffix = string.Concat(hash.Take(3).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)))[..5];
        var prefix = "job-" + jobName;
        return (prefix.Length > 246 ? prefix[..246] : prefix) + "-" + suffix;
    }
}
