using System.Globalization;
using System.Text;

namespace ConsulSharp.Server.PreparedQueries;

/// <summary>
/// The part of HashiCorp's HIL interpolation language prepared query templates use: literal text with
/// <c>${variable}</c>, <c>${function(arg, ...)}</c> (int, string or variable arguments) and <c>$${</c> as an escaped
/// <c>${</c>. Parsed once at compile time; evaluation never fails for well-typed calls (<c>match</c> answers "" out of range).
/// </summary>
public sealed class HilString
{
    private readonly List<Part> _parts;

    private HilString(List<Part> parts) => _parts = parts;

    /// <summary>True when the text had no interpolation at all (evaluation returns it unchanged).</summary>
    public bool IsLiteral => _parts.TrueForAll(p => p.Kind == PartKind.Text);

    public static HilString Parse(string text)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && Next(text, i + 1) == '$' && Next(text, i + 2) == '{')
            {
                literal.Append("${");
                i += 3;
                continue;
            }

            if (text[i] == '$' && Next(text, i + 1) == '{')
            {
                if (literal.Length > 0)
                {
                    parts.Add(Part.Text(literal.ToString()));
                    literal.Clear();
                }

                var pos = i + 2;
                var expr = ParseExpr(text, ref pos);
                SkipSpace(text, ref pos);
                if (pos >= text.Length || text[pos] != '}')
                {
                    throw new PreparedQueryException(Position(pos) + ": expected \"}\" but found " + Found(text, pos));
                }

                parts.Add(expr);
                i = pos + 1;
                continue;
            }

            literal.Append(text[i]);
            i++;
        }

        if (literal.Length > 0 || parts.Count == 0)
        {
            parts.Add(Part.Text(literal.ToString()));
        }

        return new HilString(parts);
    }

    /// <summary>Evaluates with <paramref name="variables"/> and a <c>match(N)</c> over <paramref name="matches"/>.</summary>
    public string Evaluate(IReadOnlyDictionary<string, string> variables, IReadOnlyList<string> matches)
    {
        if (_parts.Count == 1 && _parts[0].Kind == PartKind.Text)
        {
            return _parts[0].Value;
        }

        var sb = new StringBuilder();
        foreach (var p in _parts)
        {
            sb.Append(Eval(p, variables, matches));
        }

        return sb.ToString();
    }

    private static string Eval(Part p, IReadOnlyDictionary<string, string> variables, IReadOnlyList<string> matches)
    {
        switch (p.Kind)
        {
            case PartKind.Text:
            case PartKind.String:
                return p.Value;
            case PartKind.Int:
                return p.Value;
            case PartKind.Variable:
                return variables.TryGetValue(p.Value, out var v) ? v : throw new PreparedQueryException($"unknown variable accessed: {p.Value}");
            default:
                if (p.Value != "match")
                {
                    throw new PreparedQueryException($"unknown function called: {p.Value}");
                }

                if (p.Args.Count != 1 || p.Args[0].Kind != PartKind.Int)
                {
                    throw new PreparedQueryException("match: argument 1 should be type int");
                }

                var n = int.Parse(p.Args[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture);
                return n >= 0 && n < matches.Count ? matches[n] : "";
        }
    }

    private static Part ParseExpr(string text, ref int pos)
    {
        SkipSpace(text, ref pos);
        if (pos >= text.Length)
        {
            throw new PreparedQueryException(Position(pos) + ": expected expression but found end of string");
        }

        var c = text[pos];
        if (c == '"')
        {
            var sb = new StringBuilder();
            pos++;
            while (pos < text.Length && text[pos] != '"')
            {
                if (text[pos] == '\\' && pos + 1 < text.Length)
                {
                    pos++;
                }

                sb.Append(text[pos]);
                pos++;
            }

            if (pos >= text.Length)
            {
                throw new PreparedQueryException(Position(pos) + ": unterminated string");
            }

            pos++;
            return Part.Str(sb.ToString());
        }

        if (char.IsAsciiDigit(c) || (c == '-' && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1])))
        {
            var start = pos;
            pos++;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }

            return Part.Number(text[start..pos]);
        }

        if (!IsIdentStart(c))
        {
            throw new PreparedQueryException(Position(pos) + ": expected expression but found " + Found(text, pos));
        }

        var identStart = pos;
        while (pos < text.Length && IsIdentPart(text[pos]))
        {
            pos++;
        }

        var name = text[identStart..pos];
        SkipSpace(text, ref pos);
        if (pos < text.Length && text[pos] == '(')
        {
            pos++;
            var args = new List<Part>();
            SkipSpace(text, ref pos);
            if (pos < text.Length && text[pos] == ')')
            {
                pos++;
                return Part.Call(name, args);
            }

            while (true)
            {
                args.Add(ParseExpr(text, ref pos));
                SkipSpace(text, ref pos);
                if (pos < text.Length && text[pos] == ',')
                {
                    pos++;
                    continue;
                }

                if (pos < text.Length && text[pos] == ')')
                {
                    pos++;
                    return Part.Call(name, args);
                }

                throw new PreparedQueryException(Position(pos) + ": expected \",\" or \")\" but found " + Found(text, pos));
            }
        }

        return Part.Var(name);
    }

    private static char Next(string text, int i) => i < text.Length ? text[i] : '\0';

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '*';

    private static void SkipSpace(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos]))
        {
            pos++;
        }
    }

    private static string Position(int pos) => "1:" + (pos + 1).ToString(CultureInfo.InvariantCulture);

    private static string Found(string text, int pos) => pos >= text.Length ? "end of string" : "\"" + text[pos] + "\"";

    private enum PartKind
    {
        Text,
        String,
        Int,
        Variable,
        Call,
    }

    private sealed record Part(PartKind Kind, string Value, IReadOnlyList<Part> Args)
    {
        public static Part Text(string s) => new(PartKind.Text, s, []);

        public static Part Str(string s) => new(PartKind.String, s, []);

        public static Part Number(string s) => new(PartKind.Int, s, []);

        public static Part Var(string s) => new(PartKind.Variable, s, []);

        public static Part Call(string s, IReadOnlyList<Part> args) => new(PartKind.Call, s, args);
    }
}
