using System.Text;

namespace ConsulSharp.Cli.Output;

/// <summary>
/// ryanuber/columnize as Consul uses it: cells split on a delimiter and trimmed, every column but the last padded to
/// its widest cell plus two spaces, no trailing newline.
/// </summary>
public static class Columnize
{
    public static string Format(IEnumerable<string> lines, char delimiter = '|')
    {
        var rows = lines.Select(l => l.Split(delimiter).Select(c => c.Trim()).ToArray()).ToList();
        var widths = new List<int>();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length - 1; i++)
            {
                if (widths.Count <= i)
                {
                    widths.Add(0);
                }

                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var sb = new StringBuilder();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            for (var i = 0; i < row.Length; i++)
            {
                if (i < row.Length - 1)
                {
                    sb.Append(row[i].PadRight(widths[i] + 2));
                }
                else
                {
                    sb.Append(row[i]);
                }
            }

            if (r < rows.Count - 1)
            {
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }
}
