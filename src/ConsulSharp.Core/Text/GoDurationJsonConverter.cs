using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsulSharp.Core.Text;

/// <summary>
/// A TimeSpan carried as Go duration text ("10s", "1m30s"). Reads leniently like Consul's JSON decoders: a string in
/// Go syntax or a number of nanoseconds. Writes <see cref="GoDuration.Format(TimeSpan)"/>.
/// </summary>
public sealed class GoDurationJsonConverter : JsonConverter<TimeSpan>
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
        writer.WriteStringValue(GoDuration.Format(value));
    }
}
