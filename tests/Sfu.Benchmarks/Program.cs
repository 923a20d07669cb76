using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, e.g. `-- --filter '*Srtp*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
