namespace ConsulSharp.Cli;

/// <summary>One CLI command (<c>members</c>, <c>kv get</c>): its synopsis, help text and behaviour.</summary>
public interface ICommand
{
    string Name { get; }

    string Synopsis { get; }

    string Help { get; }

    Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken);
}
