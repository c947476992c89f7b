using System.Text;
using System.Text.Json;
using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Tests;

public sealed class GoDurationTests
{
    // Cases taken from the behaviour of Go's time.ParseDuration (time/time_test.go parseDurationTests, as facts).
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("5s", 5 * GoDuration.Second)]
    [InlineData("30s", 30 * GoDuration.Second)]
    [InlineData("1478s", 1478 * GoDuration.Second)]
    [InlineData("-5s", -5 * GoDuration.Second)]
    [InlineData("+5s", 5 * GoDuration.Second)]
    [InlineData("-0", 0L)]
    [InlineData("+0", 0L)]
    [InlineData("5.0s", 5 * GoDuration.Second)]
    [InlineData("5.6s", (5 * GoDuration.Second) + (600 * GoDuration.Millisecond))]
    [InlineData("5.s", 5 * GoDuration.Second)]
    [InlineData(".5s", 500 * GoDuration.Millisecond)]
    [InlineData("1.0s", GoDuration.Second)]
    [InlineData("1.00s", GoDuration.Second)]
    [InlineData("1.004s", (1 * GoDuration.Second) + (4 * GoDuration.Millisecond))]
    [InlineData("1.0040s", (1 * GoDuration.Second) + (4 * GoDuration.Millisecond))]
    [InlineData("100.00100s", (100 * GoDuration.Second) + (1 * GoDuration.Millisecond))]
    [InlineData("15.0s", 15 * GoDuration.Second)]
    [InlineData("10ns", 10L)]
    [InlineData("11us", 11 * GoDuration.Microsecond)]
    [InlineData("12\u00B5s", 12 * GoDuration.Microsecond)]
    [InlineData("12\u03BCs", 12 * GoDuration.Microsecond)]
    [InlineData("13ms", 13 * GoDuration.Millisecond)]
    [InlineData("14s", 14 * GoDuration.Second)]
    [InlineData("15m", 15 * GoDuration.Minute)]
    [InlineData("16h", 16 * GoDuration.Hour)]
    [InlineData("1.5h", 90 * GoDuration.Minute)]
    [InlineData("3h30m", (3 * GoDuration.Hour) + (30 * GoDuration.Minute))]
    [InlineData("1m30s", 90 * GoDuration.Second)]
    [InlineData("10.5s4m", (4 * GoDuration.Minute) + (10 * GoDuration.Second) + (500 * GoDuration.Millisecond))]
    [InlineData("-2m3.4s", -((2 * GoDuration.Minute) + (3 * GoDuration.Second) + (400 * GoDuration.Millisecond)))]
    [InlineData("1h2m3s4ms5us6ns", (1 * GoDuration.Hour) + (2 * GoDuration.Minute) + (3 * GoDuration.Second) + (4 * GoDuration.Millisecond) + (5 * GoDuration.Microsecond) + 6)]
    [InlineData("39h9m14.425s", (39 * GoDuration.Hour) + (9 * GoDuration.Minute) + (14 * GoDuration.Second) + (425 * GoDuration.Millisecond))]
    [InlineData("52763797000ns", 52763797000L)]
    [InlineData("0.3333333333333333333h", 20 * GoDuration.Minute)]
    [InlineData("9007199254740993ns", 9007199254740993L)]
    [InlineData("9223372036854775807ns", long.MaxValue)]
    [InlineData("9223372036854775.807us", long.MaxValue)]
    [InlineData("9223372036s854ms775us807ns", long.MaxValue)]
    [InlineData("-9223372036854775808ns", long.MinValue)]
    [InlineData("-9223372036854775.808us", long.MinValue)]
    [InlineData("-2562047h47m16.854775808s", long.MinValue)]
    [InlineData("0.100000000000000000000h", 6 * GoDuration.Minute)]
    [InlineData("0.830103483285477580700h", (49 * GoDuration.Minute) + (48 * GoDuration.Second) + 372539827)]
    [InlineData("0s", 0L)]
    public void Parses_like_go(string text, long expected)
    {
        Assert.True(GoDuration.TryParseNanoseconds(text, out var actual, out var error), error);
        Assert.Equal(expected, actual);
        Assert.Equal(expected, GoDuration.ParseNanoseconds(text));
    }

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("3", "time: missing unit in duration \"3\"")]
    [InlineData("10", "time: missing unit in duration \"10\"")]
    [InlineData("00", "time: missing unit in duration \"00\"")]
    [InlineData("-", "time: invalid duration \"-\"")]
    [InlineData("s", "time: invalid duration \"s\"")]
    [InlineData(".", "time: invalid duration \".\"")]
    [InlineData("-.", "time: invalid duration \"-.\"")]
    [InlineData(".s", "time: invalid duration \".s\"")]
    [InlineData("+.s", "time: invalid duration \"+.s\"")]
    [InlineData("1x", "time: unknown unit \"x\" in duration \"1x\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("1h 30m", "time: unknown unit \"h \" in duration \"1h 30m\"")]
    [InlineData("1.5H", "time: unknown unit \"H\" in duration \"1.5H\"")]
    [InlineData("1\u00B5", "time: unknown unit \"\\xc2\\xb5\" in duration \"1\\xc2\\xb5\"")]
    [InlineData("\"1s", "time: invalid duration \"\\\"1s\"")]
    [InlineData("9223372036854775810ns", "time: invalid duration \"9223372036854775810ns\"")]
    [InlineData("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"")]
    [InlineData("-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\"")]
    [InlineData("9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\"")]
    [InlineData("9223372036854ms775us808ns", "time: invalid duration \"9223372036854ms775us808ns\"")]
    [InlineData("3000000h", "time: invalid duration \"3000000h\"")]
    [InlineData("100000000000000000000s", "time: invalid duration \"100000000000000000000s\"")]
    public void Rejects_with_go_error_text(string text, string expected)
    {
        Assert.False(GoDuration.TryParseNanoseconds(text, out _, out var error));
        Assert.Equal(expected, error);
        var ex = Assert.Throws<FormatException>(() => GoDuration.ParseNanoseconds(text));
        Assert.Equal(expected, ex.Message);
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "1ns")]
    [InlineData(1100L, "1.1\u00B5s")]
    [InlineData(2200 * GoDuration.Microsecond, "2.2ms")]
    [InlineData(500 * GoDuration.Millisecond, "500ms")]
    [InlineData(3300 * GoDuration.Millisecond, "3.3s")]
    [InlineData(15 * GoDuration.Second, "15s")]
    [InlineData(1500 * GoDuration.Millisecond, "1.5s")]
    [InlineData(90 * GoDuration.Second, "1m30s")]
    [InlineData((4 * GoDuration.Minute) + (5 * GoDuration.Second), "4m5s")]
    [InlineData((4 * GoDuration.Minute) + (5001 * GoDuration.Millisecond), "4m5.001s")]
    [InlineData((5 * GoDuration.Hour) + (6 * GoDuration.Minute) + (7001 * GoDuration.Millisecond), "5h6m7.001s")]
    [InlineData((8 * GoDuration.Minute) + 1, "8m0.000000001s")]
    [InlineData(GoDuration.Hour, "1h0m0s")]
    [InlineData(GoDuration.Minute, "1m0s")]
    [InlineData(-GoDuration.Second, "-1s")]
    [InlineData(-1L, "-1ns")]
    [InlineData(long.MaxValue, "2562047h47m16.854775807s")]
    [InlineData(long.MinValue, "-2562047h47m16.854775808s")]
    public void Formats_like_go(long nanoseconds, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(nanoseconds));
        // And it round-trips through the parser.
        Assert.Equal(nanoseconds, GoDuration.ParseNanoseconds(expected));
    }

    [Fact]
    public void TimeSpan_overloads_use_100ns_ticks()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), GoDuration.Parse("1m30s"));
        Assert.Equal(TimeSpan.FromTicks(12), GoDuration.Parse("1234ns"));
        Assert.Equal(TimeSpan.Zero, GoDuration.Parse("99ns"));
        Assert.Equal("1m30s", GoDuration.Format(TimeSpan.FromSeconds(90)));
        Assert.Equal("100ns", GoDuration.Format(TimeSpan.FromTicks(1)));
        Assert.Equal(long.MaxValue, GoDuration.ToNanoseconds(TimeSpan.MaxValue));
        Assert.Equal(long.MinValue, GoDuration.ToNanoseconds(TimeSpan.MinValue));
        Assert.True(GoDuration.TryParse("15.0s", out var fifteen));
        Assert.Equal(TimeSpan.FromSeconds(15), fifteen);
        Assert.False(GoDuration.TryParse(null, out _));
    }

    [Theory]
    [InlineData("\"10s\"", 10 * GoDuration.Second)]
    [InlineData("\"1m30s\"", 90 * GoDuration.Second)]
    [InlineData("10000000000", 10 * GoDuration.Second)]
    [InlineData("1500.9", 1500L)]
    [InlineData("-1500.9", -1500L)]
    [InlineData("1e9", GoDuration.Second)]
    [InlineData("\"0\"", 0L)]
    public void Lenient_json_accepts_string_or_nanoseconds(string json, long expected)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        Assert.True(GoDuration.TryReadLenient(ref reader, out var ns, out var error), error);
        Assert.Equal(expected, ns);

        using var doc = JsonDocument.Parse(json);
        Assert.True(GoDuration.TryReadLenient(doc.RootElement, out var ns2, out var error2), error2);
        Assert.Equal(expected, ns2);
    }

    [Theory]
    [InlineData("\"10\"", "time: missing unit in duration \"10\"")]
    [InlineData("true", "json: cannot unmarshal bool into a duration")]
    [InlineData("null", "json: cannot unmarshal null into a duration")]
    [InlineData("1e30", "json: duration number 1E+30 out of range")]
    public void Lenient_json_rejects(string json, string expected)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        Assert.False(GoDuration.TryReadLenient(ref reader, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Json_converters_read_both_forms_and_write_their_own()
    {
        var options = new JsonSerializerOptions();
        var text = new GoDurationJsonConverter();
        var nanos = new GoDurationNanosecondsJsonConverter();

        static TimeSpan ReadWith(System.Text.Json.Serialization.JsonConverter<TimeSpan> c, string json, JsonSerializerOptions o)
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            reader.Read();
            return c.Read(ref reader, typeof(TimeSpan), o);
        }

        static string WriteWith(System.Text.Json.Serialization.JsonConverter<TimeSpan> c, TimeSpan v, JsonSerializerOptions o)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                c.Write(w, v, o);
            }

            return Encoding.UTF8.GetString(ms.ToArray());
        }

        Assert.Equal(TimeSpan.FromSeconds(10), ReadWith(text, "\"10s\"", options));
        Assert.Equal(TimeSpan.FromSeconds(10), ReadWith(text, "10000000000", options));
        Assert.Equal(TimeSpan.FromSeconds(10), ReadWith(nanos, "\"10s\"", options));
        Assert.Equal(TimeSpan.FromSeconds(10), ReadWith(nanos, "10000000000", options));
        Assert.Equal("\"1m30s\"", WriteWith(text, TimeSpan.FromSeconds(90), options));
        Assert.Equal("90000000000", WriteWith(nanos, TimeSpan.FromSeconds(90), options));
        Assert.Throws<JsonException>(() => ReadWith(text, "\"10\"", options));
    }
}
