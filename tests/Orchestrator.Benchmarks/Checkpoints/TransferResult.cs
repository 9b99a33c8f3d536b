namespace Orchestrator.Benchmarks.Checkpoints;

internal sealed record TransferResult(string Backend, string Direction, string Method, double Seconds, double MiBPerSecond, double PeakMiB);
