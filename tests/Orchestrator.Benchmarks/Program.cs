// Benchmarks are added by the issues that set performance goals (3, 4, 5).
Console.Error.WriteLine("no benchmarks yet");
return 2;
