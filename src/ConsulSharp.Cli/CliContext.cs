namespace ConsulSharp.Cli;

/// <summary>The streams and environment a command runs with (stdout = data, stderr = messages), injectable for tests.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Err, Func<string, string?> GetEnv)
{
    public static CliContext Console() => new(System.Console.Out, System.Console.Error, Environment.GetEnvironmentVariable);

    public TextReader In { get; init; } = System.Console.In;
}
