namespace ConsulSharp.Testing;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
