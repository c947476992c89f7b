using System.Text.Json;
using ConsulSharp.Agent.Config;
using ConsulSharp.Agent.Local;
using CheckDefinition = ConsulSharp.Agent.Local.CheckDefinition;
using ServiceDefinition = ConsulSharp.Agent.Local.ServiceDefinition;

namespace ConsulSharp.Cli.Commands.Services;

/// <summary>
/// Service definitions from agent config files, read as Consul's <c>consul services</c> reads them: the files are loaded
/// as an agent's <c>-config-file</c>s in dev mode (JSON or HCL by extension, every agent key allowed, Consul's errors),
/// and their <c>service</c>/<c>services</c> are taken. Also writes the API body for a definition.
/// </summary>
internal static class ServiceFile
{
    /// <summary>The services of <paramref name="paths"/>; config warnings go to <paramref name="warnings"/>. Throws
    /// <see cref="ConfigException"/> with the loader's text.</summary>
    public static List<ServiceDefinition> Load(IReadOnlyList<string> paths, List<string> warnings)
    {
        var args = new List<string> { "-dev" };
        foreach (var path in paths)
        {
            args.Add("-config-file");
            args.Add(path);
        }

        var flags = new AgentFlags();
        flags.Parse(args);
        var loaded = RuntimeConfigBuilder.Load(flags);
        warnings.AddRange(loaded.Warnings);
        return loaded.Config.Services.Select(ConfigServices.ToLocal).ToList();
    }

    /// <summary>The <c>/v1/agent/service/register</c> body for a definition (durations as Go strings).</summary>
    public static byte[] ToJson(ServiceDefinition def)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            Str(w, "Kind", def.Kind);
            Str(w, "ID", def.Id);
            w.WriteString("Name", def.Name);
            if (def.Tags.Count > 0)
            {
                w.WriteStartArray("Tags");
                foreach (var t in def.Tags)
                {
                    w.WriteStringValue(t);
                }

                w.WriteEndArray();
            }

            Str(w, "Address", def.Address);
            if (def.TaggedAddresses.Count > 0)
            {
                w.WriteStartObject("TaggedAddresses");
                foreach (var (k, v) in def.TaggedAddresses)
                {
                    w.WriteStartObject(k);
                    w.WriteString("Address", v.Address);
                    w.WriteNumber("Port", v.Port);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            if (def.Meta.Count > 0)
            {
                w.WriteStartObject("Meta");
                foreach (var (k, v) in def.Meta)
                {
                    w.WriteString(k, v);
                }

                w.WriteEndObject();
            }

            if (def.Port != 0)
            {
                w.WriteNumber("Port", def.Port);
            }

            if (def.Weights is { } weights)
            {
                w.WriteStartObject("Weights");
                w.WriteNumber("Passing", weights.Passing);
                w.WriteNumber("Warning", weights.Warning);
                w.WriteEndObject();
            }

            if (def.EnableTagOverride)
            {
                w.WriteBoolean("EnableTagOverride", true);
            }

            if (def.AllChecks.Count > 0)
            {
                w.WriteStartArray("Checks");
                foreach (var c in def.AllChecks)
                {
                    WriteCheck(w, c);
                }

                w.WriteEndArray();
            }

            Str(w, "Token", def.Token);
            w.WriteEndObject();
        }

        return ms.ToArray();
    }

    private static void WriteCheck(Utf8JsonWriter w, CheckDefinition c)
    {
        w.WriteStartObject();
        Str(w, "CheckID", c.CheckId);
        Str(w, "Name", c.Name);
        Str(w, "Status", c.Status);
        Str(w, "Notes", c.Notes);
        if (c.ScriptArgs.Count > 0)
        {
            w.WriteStartArray("ScriptArgs");
            foreach (var a in c.ScriptArgs)
            {
                w.WriteStringValue(a);
            }

            w.WriteEndArray();
        }

        Str(w, "HTTP", c.Http);
        if (c.Header.Count > 0)
        {
            w.WriteStartObject("Header");
            foreach (var (k, values) in c.Header)
            {
                w.WriteStartArray(k);
                foreach (var v in values)
                {
                    w.WriteStringValue(v);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        Str(w, "Method", c.Method);
        Str(w, "Body", c.Body);
        Str(w, "TCP", c.Tcp);
        Str(w, "UDP", c.Udp);
        Str(w, "H2PING", c.H2Ping);
        if (c.H2PingUseTls is { } h2tls)
        {
            w.WriteBoolean("H2PingUseTLS", h2tls);
        }

        Str(w, "GRPC", c.Grpc);
        Bool(w, "GRPCUseTLS", c.GrpcUseTls);
        Str(w, "TLSServerName", c.TlsServerName);
        Bool(w, "TLSSkipVerify", c.TlsSkipVerify);
        Bool(w, "DisableRedirects", c.DisableRedirects);
        Str(w, "DockerContainerID", c.DockerContainerId);
        Str(w, "Shell", c.Shell);
        Str(w, "AliasNode", c.AliasNode);
        Str(w, "AliasService", c.AliasService);
        Str(w, "Interval", DefinitionDecoder.FormatDuration(c.Interval));
        Str(w, "Timeout", DefinitionDecoder.FormatDuration(c.Timeout));
        Str(w, "TTL", DefinitionDecoder.FormatDuration(c.Ttl));
        Str(w, "DeregisterCriticalServiceAfter", DefinitionDecoder.FormatDuration(c.DeregisterCriticalServiceAfter));
        Int(w, "SuccessBeforePassing", c.SuccessBeforePassing);
        Int(w, "FailuresBeforeWarning", c.FailuresBeforeWarning);
        Int(w, "FailuresBeforeCritical", c.FailuresBeforeCritical);
        Int(w, "OutputMaxSize", c.OutputMaxSize);
        w.WriteEndObject();
    }

    private static void Str(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0)
        {
            w.WriteString(name, value);
        }
    }

    private static void Bool(Utf8JsonWriter w, string name, bool value)
    {
        if (value)
        {
            w.WriteBoolean(name, true);
        }
    }

    private static void Int(Utf8JsonWriter w, string name, int value)
    {
        if (value != 0)
        {
            w.WriteNumber(name, value);
        }
    }
}
