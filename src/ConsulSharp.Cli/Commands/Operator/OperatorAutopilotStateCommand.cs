using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsulSharp.Client;
using ConsulSharp.Core.Text;

namespace ConsulSharp.Cli.Commands.Operator;

/// <summary><c>consul operator autopilot state</c>: the autopilot state in Consul's pretty layout (or its JSON).</summary>
public sealed class OperatorAutopilotStateCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _format;

    public OperatorAutopilotStateCommand()
        : base("operator autopilot state", serverFlags: true)
    {
        _format = Flags.String("format", "pretty", "Output format {pretty|json}");
    }

    public override string Synopsis => "Display the current Autopilot State";

    protected override string UsageText => """
        Usage: consul operator autopilot state [options]

          Displays the current Autopilot state.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        using var client = Client(context);
        ConsulResponse res;
        try
        {
            res = await client.GetAsync("/v1/operator/autopilot/state" + (Http!.Stale ? "?stale" : ""), cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error querying Autopilot state: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        if (_format.Value is not ("pretty" or "json"))
        {
            await context.Err.WriteLineAsync($"Unknown format: {_format.Value}").ConfigureAwait(false);
            return 1;
        }

        using var doc = JsonDocument.Parse(res.Body);
        var text = _format.Value == "json" ? Indented(doc.RootElement) : Pretty(doc.RootElement);
        await context.Out.WriteLineAsync(text).ConfigureAwait(false);
        return 0;
    }

    private static string Indented(JsonElement e)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, IndentSize = 4, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            e.WriteTo(w);
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    internal static string Pretty(JsonElement state)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"Healthy:                      {(state.GetProperty("Healthy").GetBoolean() ? "true" : "false")}\n");
        sb.Append(inv, $"Failure Tolerance:            {state.GetProperty("FailureTolerance").GetInt32()}\n");
        sb.Append(inv, $"Optimistic Failure Tolerance: {state.GetProperty("OptimisticFailureTolerance").GetInt32()}\n");
        sb.Append(inv, $"Leader:                       {state.GetProperty("Leader").GetString()}\n");
        sb.Append("Voters:\n");
        foreach (var v in state.GetProperty("Voters").EnumerateArray())
        {
            sb.Append("   ").Append(v.GetString()).Append('\n');
        }

        sb.Append("Servers:\n");
        foreach (var p in state.GetProperty("Servers").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var s = p.Value;
            sb.Append(inv, $"   {s.GetProperty("ID").GetString()}\n");
            sb.Append(inv, $"      Name:            {s.GetProperty("Name").GetString()}\n");
            sb.Append(inv, $"      Address:         {s.GetProperty("Address").GetString()}\n");
            sb.Append(inv, $"      Version:         {s.GetProperty("Version").GetString()}\n");
            sb.Append(inv, $"      Status:          {s.GetProperty("Status").GetString()}\n");
            sb.Append(inv, $"      Node Type:       {s.GetProperty("NodeType").GetString()}\n");
            sb.Append(inv, $"      Node Status:     {s.GetProperty("NodeStatus").GetString()}\n");
            sb.Append(inv, $"      Healthy:         {(s.GetProperty("Healthy").GetBoolean() ? "true" : "false")}\n");
            sb.Append(inv, $"      Last Contact:    {s.GetProperty("LastContact").GetString()}\n");
            sb.Append(inv, $"      Last Term:       {s.GetProperty("LastTerm").GetUInt64()}\n");
            sb.Append(inv, $"      Last Index:      {s.GetProperty("LastIndex").GetUInt64()}\n");
            if (s.TryGetProperty("ReadReplica", out var rr) && rr.GetBoolean())
            {
                sb.Append("      Read Replica:    true\n");
            }

            if (s.TryGetProperty("Meta", out var meta) && meta.ValueKind == JsonValueKind.Object && meta.EnumerateObject().Any())
            {
                sb.Append("      Meta\n");
                foreach (var m in meta.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    sb.Append(inv, $"         {GoStrconv.Quote(m.Name)}: {GoStrconv.Quote(m.Value.GetString() ?? "")}\n");
                }
            }
        }

        // c.UI.Info adds its own newline after the text, which already ends in one.
        return sb.ToString();
    }
}
