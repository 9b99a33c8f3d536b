using Orchestrator.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C stops the command gracefully (watch loops end, the demo cleans up); a second one kills.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
return await TrainctlApp.RunAsync(args, CliServices.Default(), cancel.Token);
