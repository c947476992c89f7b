using System.Text.Json;
using ConsulSharp.Agent.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ConsulSharp.Agent.Tests.Logging;

public sealed class LoggingTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 25, 16, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void TextLinesHaveHclogShape()
    {
        var line = ConsulLogFormatter.FormatText(new LogRecord(T, LogLevel.Information, "agent", "Consul agent running!", [], null));
        Assert.Equal("2026-11-25T16:00:00.123Z [INFO]  agent: Consul agent running!", line);
        var warn = ConsulLogFormatter.FormatText(new LogRecord(T, LogLevel.Warning, "agent.dns", "x", [], null));
        Assert.Equal("2026-11-25T16:00:00.123Z [WARN]  agent.dns: x", warn);
        var err = ConsulLogFormatter.FormatText(new LogRecord(T, LogLevel.Error, "agent", "boom", [], null));
        Assert.StartsWith("2026-11-25T16:00:00.123Z [ERROR] agent: boom", err, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLinesCarryLevelMessageModuleTimestampAndFields()
    {
        var line = ConsulLogFormatter.FormatJson(new LogRecord(T, LogLevel.Debug, "agent.http", "Request finished", [new("Method", "GET")], null));
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        Assert.Equal("debug", r.GetProperty("@level").GetString());
        Assert.Equal("Request finished", r.GetProperty("@message").GetString());
        Assert.Equal("agent.http", r.GetProperty("@module").GetString());
        Assert.Equal("2026-11-25T16:00:00.123000Z", r.GetProperty("@timestamp").GetString());
        Assert.Equal("GET", r.GetProperty("Method").GetString());
    }

    [Theory]
    [InlineData("trace", LogLevel.Trace)]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData("Info", LogLevel.Information)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("ERR", LogLevel.Error)]
    [InlineData("error", LogLevel.Error)]
    public void LevelsParseAsConsul(string name, LogLevel level)
    {
        Assert.True(ConsulLogLevels.TryParse(name, out var parsed));
        Assert.Equal(level, parsed);
    }

    [Fact]
    public void UnknownLevelIsRefusedWithConsulsText()
    {
        Assert.False(ConsulLogLevels.TryParse("loud", out _));
        Assert.Equal("Invalid log level: \"loud\". Valid log levels are: [TRACE DEBUG INFO WARN ERR ERROR]", ConsulLogLevels.InvalidMessage("loud"));
    }

    [Fact]
    public void LogFileRotatesBySizeAndKeepsAtMostMaxFiles()
    {
        var dir = Directory.CreateTempSubdirectory("consulsharp-log-").FullName;
        try
        {
            var time = new FakeTimeProvider(T);
            using (var w = new RotatingFileWriter(Path.Combine(dir, "consul.log"), maxBytes: 100, maxAge: TimeSpan.FromHours(24), maxFiles: 2, time))
            {
                for (var i = 0; i < 10; i++)
                {
                    time.Advance(TimeSpan.FromMilliseconds(1));
                    w.WriteLine(new string((char)('a' + i), 60));
                }
            }

            var archives = Directory.GetFiles(dir, "consul-*.log");
            Assert.Equal(2, archives.Length);
            var current = File.ReadAllText(Path.Combine(dir, "consul.log"));
            Assert.Equal(new string('j', 60) + "\n", current);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void LogFileRotatesByAge()
    {
        var dir = Directory.CreateTempSubdirectory("consulsharp-log-").FullName;
        try
        {
            var time = new FakeTimeProvider(T);
            using (var w = new RotatingFileWriter(dir + "/", maxBytes: 0, maxAge: TimeSpan.FromHours(1), maxFiles: 0, time))
            {
                w.WriteLine("first");
                time.Advance(TimeSpan.FromMinutes(61));
                w.WriteLine("second");
            }

            Assert.Single(Directory.GetFiles(dir, "consul-*.log"));
            Assert.Equal("second\n", File.ReadAllText(Path.Combine(dir, "consul.log")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ProviderFiltersByLevelButMonitorSubscribersSeeMore()
    {
        var console = new StringWriter();
        var broadcaster = new LogBroadcaster();
        using var provider = new ConsulLoggerProvider(LogLevel.Information, json: false, console, file: null, broadcaster, new FakeTimeProvider(T));
        using var sub = broadcaster.Subscribe(LogLevel.Debug);
        var logger = provider.CreateLogger("agent");
        logger.LogDebug("hidden from console");
        logger.LogInformation("shown");
        Assert.DoesNotContain("hidden from console", console.ToString(), StringComparison.Ordinal);
        Assert.Contains("[INFO]  agent: shown", console.ToString(), StringComparison.Ordinal);
        Assert.True(sub.Reader.TryRead(out var first));
        Assert.Equal("hidden from console", first.Message);
    }
}
