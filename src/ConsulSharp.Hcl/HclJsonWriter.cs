using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ConsulSharp.Hcl;

/// <summary>Writes a tree as compact JSON (for diagnostics and tests).</summary>
internal static class HclJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(HclNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            WriteNode(writer, node);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNode(Utf8JsonWriter w, HclNode node)
    {
        switch (node)
        {
            case HclObject o:
                w.WriteStartObject();
                foreach (var p in o.Properties)
                {
                    w.WritePropertyName(p.Key);
                    WriteNode(w, p.Value);
                }

                w.WriteEndObject();
                break;
            case HclList l:
                w.WriteStartArray();
                foreach (var i in l.Items)
                {
                    WriteNode(w, i);
                }

                w.WriteEndArray();
                break;
            case HclString s:
                w.WriteStringValue(s.Value);
                break;
            case HclInt i:
                w.WriteNumberValue(i.Value);
                break;
            case HclFloat f:
                w.WriteNumberValue(f.Value);
                break;
            case HclBool b:
                w.WriteBooleanValue(b.Value);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }
}
