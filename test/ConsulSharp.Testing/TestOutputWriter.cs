using System.Text;
using Xunit;

namespace ConsulSharp.Testing;

/// <summary>Routes an agent's log lines to the running test's output, each prefixed with the node name.</summary>
public sealed class TestOutputWriter(string node) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            Flush();
            return;
        }

        _line.Append(value);
    }

    public override void WriteLine(string? value)
    {
        _line.Append(value);
        Flush();
    }

    public override void Flush()
    {
        if (_line.Length == 0)
        {
            return;
        }

        var text = $"[{node}] {_line}";
        _line.Clear();
        try
        {
            TestContext.Current.TestOutputHelper?.WriteLine(text);
        }
        catch (InvalidOperationException)
        {
            // The test finished; later lines have nowhere to go.
        }
    }
}
