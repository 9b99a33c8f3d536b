// Benchmarks are added by the issues that set performance goals (3, 4, 5). Usage: dotnet run -c Release -- <name> [options]
return args switch
{
    ["checkpoints", .. var rest] => await Orchestrator.Benchmarks.Checkpoints.CheckpointBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Orchestrator.Benchmarks checkpoints [--size 1GiB] [--part-mib 8] [--parallelism 4] [--backends file,azurite,s3rver] [--reps 2]");
    return 2;
}
