using Orchestrator.CrdGen;

namespace Orchestrator.Api.Tests.Support;

internal static class Repo
{
    public static string Root { get; } = CrdFile.RepoRoot(AppContext.BaseDirectory);

    public static string PathOf(string relative) => Path.Combine(Root, relative);
}
