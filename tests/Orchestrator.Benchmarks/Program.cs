// Benchmarks for the performance goals of issues 3, 4 and 5. Usage: dotnet run -c Release --project tests/Orchestrator.Benchmarks -- <name> [options]
using Orchestrator.Benchmarks.Checkpoints;
using Orchestrator.Benchmarks.Controller;
using Orchestrator.Benchmarks.Sandbox;

return args switch
{
    ["sandbox", .. var rest] => await SandboxApiBenchmark.RunAsync(rest),
    ["checkpoints", .. var rest] => await CheckpointBenchmark.RunAsync(rest),
    ["controller", .. var rest] => await ControllerBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Orchestrator.Benchmarks <benchmark> [options]
          sandbox      [--runs N] [--pods N] [--watchers N]
          checkpoints  [--size 1GiB] [--part-mib 16] [--parallelism 2] [--single-request-mib N] [--parallel-download true|false] [--backends file,azurite,s3rver] [--reps 2]
          controller   [--runs 1000] [--preempt-nodes 16 | --preempt-share 0.25] [--gpus-per-node 8] [--steady-seconds 10] [--workers 16] [--admit N]
        """);
    return 2;
}
