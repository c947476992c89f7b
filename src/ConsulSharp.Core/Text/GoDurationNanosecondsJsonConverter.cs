using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsulSharp.Core.Text;

/// <summary>
/// A TimeSpan carried as an integer count of nanoseconds (Go's default JSON for <c>time.Duration</c>, e.g.
/// <c>LastContact</c>). Reads leniently: a number of nanoseconds or a string in Go duration syntax.
/// </summary>
public sealed class GoDurationNanosecondsJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (!GoDuration.TryReadLenient(ref reader, out var ns, out var error))
        {
            throw new JsonException(error);
        }

        return GoDuration.FromNanoseconds(ns);
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(GoDuration.ToNanoseconds(value));
    }
}
