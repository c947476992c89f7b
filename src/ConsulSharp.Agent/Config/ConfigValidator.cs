using ConsulSharp.Core.Flags;

namespace ConsulSharp.Agent.Config;

/// <summary>
/// The logic of <c>consul validate [options] FILE_OR_DIRECTORY...</c>: load the given files and directories as
/// <c>consul agent -config-file</c> would (not in dev mode) and report. Texts are Consul's.
/// </summary>
public static class ConfigValidator
{
    public const string Synopsis = "Validate config files/directories";

    public const string Help = """
        Usage: consul validate [options] FILE_OR_DIRECTORY...

          Checks Consul agent configuration files without starting an agent. Every
          file and directory given is loaded, merged and validated exactly as
          "consul agent -config-file" would do it, so pass the complete set of files
          the agent will load: a fragment on its own may fail the full validation.

          Exits with 0 when the configuration is valid and 1 when it is not.
        """;

    /// <summary>
    /// Validates <paramref name="paths"/> (files or directories). Prints warnings to stderr, then
    /// <c>Configuration is valid!</c> to stdout (unless <paramref name="quiet"/>) and returns 0; or prints
    /// <c>Config validation failed: ...</c> to stderr and returns 1.
    /// </summary>
    public static int Validate(IReadOnlyList<string> paths, TextWriter stdout, TextWriter stderr, bool quiet = false, string? configFormat = null, ConfigLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (paths.Count < 1)
        {
            stderr.WriteLine("Must specify at least one config file or directory");
            return 1;
        }

        var args = new List<string>();
        foreach (var p in paths)
        {
            args.Add("-config-file=" + p);
        }

        if (configFormat is not null)
        {
            args.Add("-config-format=" + configFormat);
        }

        var flags = new AgentFlags();
        flags.Parse(args);
        ConfigLoadResult result;
        try
        {
            result = RuntimeConfigBuilder.Load(flags, options);
        }
        catch (ConfigException ex)
        {
            stderr.WriteLine($"Config validation failed: {ex.Message}");
            return 1;
        }

        foreach (var w in result.Warnings)
        {
            stderr.WriteLine(w);
        }

        if (!quiet)
        {
            stdout.WriteLine("Configuration is valid!");
        }

        return 0;
    }

    /// <summary>Runs the command from its arguments (<c>-quiet</c>, <c>-config-format</c>, then paths); <c>-h</c> prints the help to stderr and exits 0.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, ConfigLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stderr);
        var set = new FlagSet("validate");
        var quiet = set.Bool("quiet", false, "When given, a successful run will produce no output.");
        var format = set.String("config-format", null, "Config files are in this format irrespective of their extension. Must be 'hcl' or 'json'");
        try
        {
            set.Parse(args);
        }
        catch (FlagHelpException)
        {
            stderr.WriteLine(Help);
            stderr.WriteLine();
            stderr.WriteLine(set.Usage());
            return 0;
        }
        catch (FlagParseException ex)
        {
            stderr.WriteLine(ex.Message);
            return 1;
        }

        return Validate(set.Remaining, stdout, stderr, quiet.Value, format.Value, options);
    }
}
