// Benchmarks are added by the issues that set performance goals (3, 4, 5). Usage: <benchmark> [options]
using Orchestrator.Benchmarks.Sandbox;

return args switch
{
    ["sandbox", .. var rest] => await SandboxApiBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Orchestrator.Benchmarks sandbox [--runs N] [--pods N] [--watchers N]");
    return 2;
}
