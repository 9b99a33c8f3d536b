using System.Runtime.InteropServices;
using Orchestrator.Controller.Hosting;

// Not disposed: a signal may arrive while the process is already on its way out after RunAsync returned.
var stopping = new CancellationTokenSource();

// Ctrl-C and SIGTERM (the kubelet stopping the pod) both ask for a graceful stop: the queue drains and the lease is released.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await ControllerProgram.RunAsync(args, stopping.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
