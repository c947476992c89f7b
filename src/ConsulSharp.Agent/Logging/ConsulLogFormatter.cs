using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Logging;

/// <summary>Formats log records the way Consul (hclog) prints them, as text or JSON.</summary>
public static class ConsulLogFormatter
{
    public static string FormatText(in LogRecord record)
    {
        var sb = new StringBuilder(128);
        sb.Append(record.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        sb.Append(' ').Append(ConsulLogLevels.Field(record.Level)).Append(' ');
        if (record.Module.Length > 0)
        {
            sb.Append(record.Module).Append(": ");
        }

        // Our message templates already read as hclog's "message: key=value" text, so the structured pairs are
        // not repeated here; the JSON form carries them as fields.
        sb.Append(record.Message);
        if (record.Exception is { } ex)
        {
            sb.Append(record.Message.Contains(": ", StringComparison.Ordinal) ? " " : ": ").Append("error=").Append(Quote(ex.Message));
        }

        return sb.ToString();
    }

    public static string FormatJson(in LogRecord record)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("@level", ConsulLogLevels.JsonName(record.Level));
            w.WriteString("@message", record.Message);
            w.WriteString("@module", record.Module);
            w.WriteString("@timestamp", record.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            foreach (var (key, value) in record.Pairs)
            {
                w.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
            }

            if (record.Exception is { } ex)
            {
                w.WriteString("error", ex.Message);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string Quote(string value)
    {
        if (value.Length == 0)
        {
            return "";
        }

        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || c == '"')
            {
                return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
            }
        }

        return value;
    }

    /// <summary>Maps a logger category to Consul's dotted module name; framework categories keep a short form.</summary>
    public static string ModuleFor(string category)
    {
        if (category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
        {
            return "agent.http";
        }

        if (category.StartsWith("Microsoft.Hosting", StringComparison.Ordinal) || category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal))
        {
            return "agent";
        }

        return category;
    }

    internal static bool IsFrameworkNoise(string category, LogLevel level) =>
        level < LogLevel.Warning && category.StartsWith("Microsoft.", StringComparison.Ordinal);
}
