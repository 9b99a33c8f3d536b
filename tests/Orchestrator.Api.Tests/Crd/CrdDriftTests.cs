using Orchestrator.Api.Tests.Support;
using Orchestrator.CrdGen;

namespace Orchestrator.Api.Tests.Crd;

/// <summary>The checked-in CRD is exactly what the C# types generate: drift on either side fails here.</summary>
public sealed class CrdDriftTests
{
    private const string HowToRegenerate =
        "Regenerate it with `dotnet run --project src/Orchestrator.CrdGen` " +
        "(or `UPDATE_CRDS=1 dotnet test tests/Orchestrator.Api.Tests`) and commit the result.";

    [Fact]
    public void Checked_in_crd_matches_the_csharp_types()
    {
        var path = Repo.PathOf(CrdFile.RelativePath);
        var generated = CrdGenerator.GenerateYaml();
        if (Environment.GetEnvironmentVariable("UPDATE_CRDS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        var checkedIn = File.Exists(path) ? File.ReadAllText(path) : "";

        if (checkedIn != generated)
        {
            Assert.Fail($"{CrdFile.RelativePath} is stale: it differs from what the types in src/Orchestrator.Api generate.\n" +
                FirstDifference(checkedIn, generated) + "\n" + HowToRegenerate);
        }
    }

    private static string FirstDifference(string checkedIn, string generated)
    {
        var left = checkedIn.Split('\n');
        var right = generated.Split('\n');
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var l = i < left.Length ? left[i] : "<end of file>";
            var r = i < right.Length ? right[i] : "<end of file>";
            if (l != r)
            {
                return $"First difference at line {i + 1}:\n  checked in: {l}\n  generated:  {r}";
            }
        }

        return "The files differ only in line endings.";
    }
}
