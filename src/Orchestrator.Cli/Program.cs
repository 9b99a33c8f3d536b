using System.Runtime.InteropServices;
using Orchestrator.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C stops the command gracefully (watch loops end, the demo cleans up); a second one kills.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

// SIGTERM (kill, a container stop) gets the same graceful stop, so `trainctl sandbox` reaps the processes its kubelet started.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
});
return await TrainctlApp.RunAsync(args, CliServices.Default(), cancel.Token);
