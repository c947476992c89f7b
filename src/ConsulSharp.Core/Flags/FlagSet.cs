using System.Globalization;
using System.Text;

namespace ConsulSharp.Core.Flags;

/// <summary>
/// A command-line flag parser with Go's <c>flag</c> package semantics, which is what Consul users type:
/// <c>-name value</c>, <c>-name=value</c>, <c>--name</c>, boolean flags without a value (<c>-dev</c>, <c>-dev=false</c>),
/// parsing stops at the first non-flag argument or at <c>--</c>.
/// </summary>
public sealed class FlagSet
{
    private readonly Dictionary<string, Flag> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);

    public FlagSet(string name) => Name = name;

    public string Name { get; }

    public IReadOnlyList<string> Remaining { get; private set; } = [];

    /// <summary>Flags that appeared on the command line, by name.</summary>
    public bool IsSet(string name) => _set.Contains(name);

    public IEnumerable<Flag> Flags => _flags.Values.OrderBy(f => f.Name, StringComparer.Ordinal);

    public FlagValue<string?> String(string name, string? defaultValue, string usage) =>
        Add(name, usage, false, defaultValue, static s => s);

    public FlagValue<bool> Bool(string name, bool defaultValue, string usage) =>
        Add(name, usage, true, defaultValue, ParseBool);

    public FlagValue<int> Int(string name, int defaultValue, string usage) =>
        Add(name, usage, false, defaultValue, ParseInt);

    public FlagValue<ulong> UInt64(string name, ulong defaultValue, string usage) =>
        Add(name, usage, false, defaultValue, static s => ulong.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    public FlagValue<TimeSpan> Duration(string name, TimeSpan defaultValue, string usage) =>
        Add(name, usage, false, defaultValue, GoDurationParser);

    /// <summary>A repeatable flag; every occurrence appends.</summary>
    public FlagValue<IReadOnlyList<string>> Strings(string name, string usage)
    {
        var list = new List<string>();
        var value = new FlagValue<IReadOnlyList<string>>(list);
        _flags.Add(name, new Flag(name, usage, false, "", s =>
        {
            list.Add(s);
            value.Value = list;
        }));
        return value;
    }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FlagParseException"/> with Go's message on bad input.</summary>
    public void Parse(IReadOnlyList<string> args)
    {
        var i = 0;
        while (i < args.Count)
        {
            var arg = args[i];
            if (arg.Length < 2 || arg[0] != '-')
            {
                break;
            }

            var numMinuses = 1;
            if (arg[1] == '-')
            {
                numMinuses = 2;
                if (arg.Length == 2)
                {
                    i++;
                    break;
                }
            }

            var name = arg[numMinuses..];
            if (name.Length == 0 || name[0] == '-' || name[0] == '=')
            {
                throw new FlagParseException($"bad flag syntax: {arg}");
            }

            i++;
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (name is "help" or "h")
            {
                throw new FlagHelpException();
            }

            if (!_flags.TryGetValue(name, out var flag))
            {
                throw new FlagParseException($"flag provided but not defined: -{name}");
            }

            if (flag.IsBool)
            {
                value ??= "true";
            }
            else if (value is null)
            {
                if (i >= args.Count)
                {
                    throw new FlagParseException($"flag needs an argument: -{name}");
                }

                value = args[i++];
            }

            try
            {
                flag.Set(value);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                throw new FlagParseException($"invalid value \"{value}\" for flag -{name}: {Describe(ex)}");
            }

            _set.Add(name);
        }

        Remaining = args.Skip(i).ToArray();
    }

    /// <summary>Usage text in Go's layout: each flag, its argument name and its usage, indented.</summary>
    public string Usage()
    {
        var sb = new StringBuilder();
        foreach (var flag in Flags)
        {
            sb.Append("  -").Append(flag.Name);
            if (!flag.IsBool)
            {
                sb.Append("=<value>");
            }

            sb.Append('\n');
            sb.Append("     ").Append(flag.Usage.Replace("\n", "\n     ", StringComparison.Ordinal)).Append("\n\n");
        }

        return sb.ToString();
    }

    private FlagValue<T> Add<T>(string name, string usage, bool isBool, T defaultValue, Func<string, T> parse)
    {
        var value = new FlagValue<T>(defaultValue);
        _flags.Add(name, new Flag(name, usage, isBool, Convert.ToString(defaultValue, CultureInfo.InvariantCulture) ?? "", s => value.Value = parse(s)));
        return value;
    }

    private static bool ParseBool(string s) => s switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw new FormatException("parse error"),
    };

    private static int ParseInt(string s)
    {
        if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        throw new FormatException("parse error");
    }

    private static TimeSpan GoDurationParser(string s) => Duration(s);

    private static TimeSpan Duration(string s)
    {
        if (ConsulSharp.Core.GoDuration.TryParse(s, out var ts))
        {
            return ts;
        }

        throw new FormatException("parse error");
    }

    private static string Describe(Exception ex) => ex is FormatException && ex.Message == "parse error" ? "parse error" : ex.Message;

    public sealed class Flag(string name, string usage, bool isBool, string defaultText, Action<string> set)
    {
        public string Name { get; } = name;

        public string Usage { get; } = usage;

        public bool IsBool { get; } = isBool;

        public string DefaultText { get; } = defaultText;

        internal void Set(string value) => set(value);
    }
}
