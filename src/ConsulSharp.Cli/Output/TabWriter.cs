using System.Text;

namespace ConsulSharp.Cli.Output;

/// <summary>
/// Go's <c>text/tabwriter</c> with space padding and no flags, for the tables Consul prints through it: a cell is text
/// terminated by a tab (the text after a line's last tab is not a cell); a column block is a run of consecutive lines
/// that have a cell in that column, padded to <c>max(minWidth, widest cell + padding)</c>.
/// </summary>
public static class TabWriter
{
    public static string Format(string text, int minWidth, int padding)
    {
        var lines = text.Split('\n');
        var cells = lines.Select(l => l.Split('\t')).ToArray();
        var widths = new int[lines.Length][];
        for (var i = 0; i < lines.Length; i++)
        {
            widths[i] = new int[cells[i].Length - 1];
        }

        var maxColumns = cells.Max(c => c.Length - 1);
        for (var col = 0; col < maxColumns; col++)
        {
            var line = 0;
            while (line < lines.Length)
            {
                if (cells[line].Length - 1 <= col)
                {
                    line++;
                    continue;
                }

                var start = line;
                var width = 0;
                while (line < lines.Length && cells[line].Length - 1 > col)
                {
                    width = Math.Max(width, cells[line][col].Length + padding);
                    line++;
                }

                width = Math.Max(width, minWidth);
                for (var l = start; l < line; l++)
                {
                    widths[l][col] = width;
                }
            }
        }

        var sb = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var row = cells[i];
            for (var c = 0; c < row.Length - 1; c++)
            {
                sb.Append(row[c].PadRight(widths[i][c]));
            }

            sb.Append(row[^1]);
            if (i < lines.Length - 1)
            {
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }
}
