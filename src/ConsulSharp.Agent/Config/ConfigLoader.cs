using System.Globalization;
using System.Text;
using ConsulSharp.Hcl;

namespace ConsulSharp.Agent.Config;

/// <summary>
/// Reads every config source an agent's flags name and merges them into one decoded tree, in Consul's order
/// (lowest first): the <c>-dev</c> profile, list-valued flags, <c>-config-dir</c> and <c>-config-file</c> arguments in
/// command-line order, scalar flags, <c>-hcl</c> fragments.
/// </summary>
internal static class ConfigLoader
{
    /// <summary>The <c>-dev</c> profile (Consul's DevSource): one in-memory server, everything on 127.0.0.1.</summary>
    public const string DevProfile = """
        bind_addr = "127.0.0.1"
        disable_anonymous_signature = true
        disable_keyring_file = true
        enable_debug = true
        ui_config {
          enabled = true
        }
        log_level = "DEBUG"
        server = true
        gossip_lan {
          gossip_interval = "100ms"
          probe_interval = "100ms"
          probe_timeout = "100ms"
          suspicion_mult = 3
        }
        gossip_wan {
          gossip_interval = "100ms"
          probe_interval = "100ms"
          probe_timeout = "100ms"
          suspicion_mult = 3
        }
        connect {
          enabled = true
        }
        performance {
          raft_multiplier = 1
        }
        ports {
          grpc = 8502
        }
        """;

    public static Dictionary<string, object?> LoadTree(AgentFlags flags, ConfigLoadOptions options, List<string> errors, List<string> warnings, List<string> files)
    {
        var format = flags.ConfigFormat.Value;
        if (format is not null and not "hcl" and not "json")
        {
            errors.Add("config: -config-format must be either 'hcl' or 'json'");
            format = null;
        }

        var layers = new List<Dictionary<string, object?>>();
        if (flags.Dev.Value)
        {
            AddParsed(layers, new ConfigSource("dev", "hcl", DevProfile), errors);
        }

        layers.Add(SliceFlags(flags));

        var paths = OrderedPaths(flags);
        foreach (var source in ReadPaths(paths, format, options.BaseDirectory, errors, warnings, files))
        {
            AddParsed(layers, source, errors);
        }

        layers.Add(ValueFlags(flags, errors));

        for (var i = 0; i < flags.Hcl.Value.Count; i++)
        {
            AddParsed(layers, new ConfigSource(string.Create(CultureInfo.InvariantCulture, $"flags-{i}.hcl"), "hcl", flags.Hcl.Value[i]), errors);
        }

        foreach (var (name, fmt, data) in options.ExtraSources)
        {
            AddParsed(layers, new ConfigSource(name, fmt, data), errors);
        }

        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            ConfigMerger.Merge(merged, layer);
        }

        return merged;
    }

    /// <summary>The -config-dir/-config-file values in command-line order (dirs then files if the flags were not parsed from args).</summary>
    public static IReadOnlyList<string> OrderedPaths(AgentFlags flags) =>
        flags.ConfigPaths.Count == flags.ConfigDirs.Value.Count + flags.ConfigFiles.Value.Count
            ? flags.ConfigPaths
            : [.. flags.ConfigDirs.Value, .. flags.ConfigFiles.Value];

    /// <summary>
    /// Expands files and directories into sources. A directory contributes its direct <c>.json</c>/<c>.hcl</c> entries
    /// in byte order (others are skipped with a warning, unless a format is forced); empty files are skipped.
    /// </summary>
    public static List<ConfigSource> ReadPaths(IEnumerable<string> paths, string? format, string? baseDirectory, List<string> errors, List<string> warnings, List<string>? files = null)
    {
        var sources = new List<ConfigSource>();
        foreach (var path in paths)
        {
            var full = baseDirectory is null ? path : Path.Combine(baseDirectory, path);
            if (Directory.Exists(full))
            {
                string[] entries;
                try
                {
                    entries = Directory.GetFileSystemEntries(full);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    errors.Add($"config: Readdir failed on {path}. {ex.Message}");
                    continue;
                }

                Array.Sort(entries, StringComparer.Ordinal);
                foreach (var entry in entries)
                {
                    var name = Path.Combine(path, Path.GetFileName(entry));
                    if (Directory.Exists(entry))
                    {
                        continue;
                    }

                    var fmt = format ?? FormatOf(entry);
                    if (fmt is null)
                    {
                        warnings.Add($"skipping file {name}, extension must be .hcl or .json, or config format must be set");
                        continue;
                    }

                    AddFile(sources, name, entry, fmt, errors, files);
                }
            }
            else if (File.Exists(full))
            {
                var fmt = format ?? FormatOf(full);
                if (fmt is null)
                {
                    errors.Add($"file {path} has unknown extension; must be .hcl or .json, or config format must be set");
                    continue;
                }

                AddFile(sources, path, full, fmt, errors, files);
            }
            else
            {
                errors.Add($"config: Open failed on {path}. open {path}: no such file or directory");
            }
        }

        return sources;
    }

    /// <summary>Parses and decodes one source; problems are added to <paramref name="errors"/> as Consul words them.</summary>
    public static Dictionary<string, object?>? Parse(ConfigSource source, List<string> errors)
    {
        HclObject doc;
        try
        {
            if (source.Format == "json")
            {
                var node = HclJson.Parse(source.Data);
                if (node is not HclObject obj)
                {
                    errors.Add($"failed to parse {source.Name}: json: cannot unmarshal {JsonKind(node)} into Go value of type map[string]interface {{}}");
                    return null;
                }

                doc = obj;
            }
            else
            {
                doc = HclParser.Parse(source.Data);
            }
        }
        catch (HclParseException ex)
        {
            errors.Add($"failed to parse {source.Name}: {ex.Message}");
            return null;
        }

        var problems = new List<string>();
        var tree = ConfigDecoder.DecodeRoot(doc, problems);
        if (problems.Count > 0)
        {
            errors.Add($"failed to parse {source.Name}: {MultiError(problems)}");
            return null;
        }

        return tree;
    }

    /// <summary>go-multierror's text: <c>1 error occurred:\n\t* msg\n\n</c>.</summary>
    public static string MultiError(IReadOnlyList<string> problems)
    {
        var sb = new StringBuilder();
        sb.Append(problems.Count == 1 ? "1 error occurred:\n" : string.Create(CultureInfo.InvariantCulture, $"{problems.Count} errors occurred:\n"));
        foreach (var p in problems)
        {
            sb.Append("\t* ").Append(p).Append('\n');
        }

        return sb.Append('\n').ToString();
    }

    private static void AddParsed(List<Dictionary<string, object?>> layers, ConfigSource source, List<string> errors)
    {
        if (Parse(source, errors) is { } tree)
        {
            layers.Add(tree);
        }
    }

    private static void AddFile(List<ConfigSource> sources, string name, string fullPath, string format, List<string> errors, List<string>? files)
    {
        string data;
        try
        {
            data = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"config: failed to read {name}: {ex.Message}");
            return;
        }

        files?.Add(name);
        if (string.IsNullOrWhiteSpace(data))
        {
            return;
        }

        sources.Add(new ConfigSource(name, format, data));
    }

    private static string? FormatOf(string path) => Path.GetExtension(path) switch
    {
        ".json" => "json",
        ".hcl" => "hcl",
        _ => null,
    };

    private static string JsonKind(HclNode node) => node switch
    {
        HclList => "array",
        HclString => "string",
        HclBool => "bool",
        HclNull => "null",
        _ => "number",
    };

    /// <summary>List-valued flags: merged before the files, so <c>-retry-join=a</c> plus a file's <c>["b"]</c> gives <c>[a, b]</c>.</summary>
    private static Dictionary<string, object?> SliceFlags(AgentFlags flags)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        AddList(d, "start_join", flags.Join.Value);
        AddList(d, "start_join_wan", flags.JoinWan.Value);
        AddList(d, "retry_join", flags.RetryJoin.Value);
        AddList(d, "retry_join_wan", flags.RetryJoinWan.Value);
        AddList(d, "recursors", flags.Recursor.Value);
        return d;
    }

    private static void AddList(Dictionary<string, object?> d, string key, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            d[key] = values.Cast<object?>().ToList();
        }
    }

    /// <summary>Scalar (and map) flags: override every file.</summary>
    private static Dictionary<string, object?> ValueFlags(AgentFlags flags, List<string> errors)
    {
        var set = flags.Set;
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);

        void Str(string flag, string key, string? value)
        {
            if (set.IsSet(flag) && value is not null)
            {
                d[key] = value;
            }
        }

        void Bool(string flag, string key, bool value)
        {
            if (set.IsSet(flag))
            {
                d[key] = value;
            }
        }

        void Int(string flag, string key, int value)
        {
            if (set.IsSet(flag))
            {
                d[key] = (long)value;
            }
        }

        void Dur(string flag, string key, TimeSpan value)
        {
            if (set.IsSet(flag))
            {
                d[key] = value;
            }
        }

        Dictionary<string, object?> Block(string key)
        {
            if (!d.TryGetValue(key, out var b) || b is not Dictionary<string, object?> block)
            {
                block = new Dictionary<string, object?>(StringComparer.Ordinal);
                d[key] = block;
            }

            return block;
        }

        void Port(string flag, string key, int value)
        {
            if (set.IsSet(flag))
            {
                Block("ports")[key] = (long)value;
            }
        }

        Bool("server", "server", flags.Server.Value);
        Bool("bootstrap", "bootstrap", flags.Bootstrap.Value);
        Int("bootstrap-expect", "bootstrap_expect", flags.BootstrapExpect.Value);
        Str("data-dir", "data_dir", flags.DataDir.Value);
        Str("node", "node_name", flags.Node.Value);
        Str("node-id", "node_id", flags.NodeId.Value);
        Str("datacenter", "datacenter", flags.Datacenter.Value);
        Str("bind", "bind_addr", flags.Bind.Value);
        Str("advertise", "advertise_addr", flags.Advertise.Value);
        Str("advertise-wan", "advertise_addr_wan", flags.AdvertiseWan.Value);
        Str("client", "client_addr", flags.Client.Value);
        Port("http-port", "http", flags.HttpPort.Value);
        Port("https-port", "https", flags.HttpsPort.Value);
        Port("dns-port", "dns", flags.DnsPort.Value);
        Port("grpc-port", "grpc", flags.GrpcPort.Value);
        Port("serf-lan-port", "serf_lan", flags.SerfLanPort.Value);
        Port("serf-wan-port", "serf_wan", flags.SerfWanPort.Value);
        Port("server-port", "server", flags.ServerPort.Value);
        if (set.IsSet("ui"))
        {
            Block("ui_config")["enabled"] = flags.Ui.Value;
        }

        if (set.IsSet("ui-dir") && flags.UiDir.Value is not null)
        {
            Block("ui_config")["dir"] = flags.UiDir.Value;
        }

        if (set.IsSet("ui-content-path") && flags.UiContentPath.Value is not null)
        {
            Block("ui_config")["content_path"] = flags.UiContentPath.Value;
        }

        Str("log-level", "log_level", flags.LogLevel.Value);
        Bool("log-json", "log_json", flags.LogJson.Value);
        Str("log-file", "log_file", flags.LogFile.Value);
        Int("log-rotate-bytes", "log_rotate_bytes", flags.LogRotateBytes.Value);
        Dur("log-rotate-duration", "log_rotate_duration", flags.LogRotateDuration.Value);
        Int("log-rotate-max-files", "log_rotate_max_files", flags.LogRotateMaxFiles.Value);
        Dur("retry-interval", "retry_interval", flags.RetryInterval.Value);
        Int("retry-max", "retry_max", flags.RetryMax.Value);
        Bool("rejoin", "rejoin_after_leave", flags.Rejoin.Value);
        Str("encrypt", "encrypt", flags.Encrypt.Value);
        Str("domain", "domain", flags.Domain.Value);
        Str("alt-domain", "alt_domain", flags.AltDomain.Value);
        Str("pid-file", "pid_file", flags.PidFile.Value);
        Bool("enable-script-checks", "enable_script_checks", flags.EnableScriptChecks.Value);
        Bool("enable-local-script-checks", "enable_local_script_checks", flags.EnableLocalScriptChecks.Value);
        Bool("disable-host-node-id", "disable_host_node_id", flags.DisableHostNodeId.Value);
        Bool("disable-keyring-file", "disable_keyring_file", flags.DisableKeyringFile.Value);
        Int("raft-protocol", "raft_protocol", flags.RaftProtocol.Value);
        Str("segment", "segment", flags.Segment.Value);
        Str("partition", "partition", flags.Partition.Value);
        Str("primary-datacenter", "primary_datacenter", flags.PrimaryDatacenter.Value);
        Bool("auto-reload-config", "auto_reload_config", flags.AutoReload.Value);

        if (flags.NodeMeta.Value.Count > 0)
        {
            var meta = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var kv in flags.NodeMeta.Value)
            {
                var idx = kv.IndexOf(':', StringComparison.Ordinal);
                if (idx <= 0)
                {
                    errors.Add($"invalid value \"{kv}\" for flag -node-meta: Metadata must be of the form 'key:value'");
                    continue;
                }

                meta[kv[..idx]] = kv[(idx + 1)..];
            }

            d["node_meta"] = meta;
        }

        return d;
    }
}
