using System.Globalization;
using System.Text;

namespace ConsulSharp.Hcl;

/// <summary>
/// Splits HCL1 text into tokens. Comments (<c>#</c>, <c>//</c>, <c>/* */</c>) and all whitespace, newlines included,
/// are skipped: HCL1 items need no separators.
/// </summary>
internal sealed class HclLexer
{
    private readonly string _src;
    private int _pos;
    private int _line = 1;
    private int _col = 1;

    public HclLexer(string source)
    {
        _src = source;
    }

    public HclToken Next()
    {
        SkipTrivia();
        if (_pos >= _src.Length)
        {
            return new HclToken(HclTokenKind.Eof, "", "", _line, _col);
        }

        var line = _line;
        var col = _col;
        var c = _src[_pos];
        switch (c)
        {
            case '{':
                Advance();
                return new HclToken(HclTokenKind.LBrace, "{", "", line, col);
            case '}':
                Advance();
                return new HclToken(HclTokenKind.RBrace, "}", "", line, col);
            case '[':
                Advance();
                return new HclToken(HclTokenKind.LBrack, "[", "", line, col);
            case ']':
                Advance();
                return new HclToken(HclTokenKind.RBrack, "]", "", line, col);
            case ',':
                Advance();
                return new HclToken(HclTokenKind.Comma, ",", "", line, col);
            case '=':
            case ':':
                Advance();
                return new HclToken(HclTokenKind.Assign, c.ToString(), "", line, col);
            case '"':
                return LexString(line, col);
            case '<' when Peek(1) == '<':
                return LexHeredoc(line, col);
            default:
                break;
        }

        if (char.IsAsciiDigit(c) || (c is '-' or '.' && char.IsAsciiDigit(Peek(1))))
        {
            return LexNumber(line, col);
        }

        if (IsIdentStart(c))
        {
            var start = _pos;
            while (_pos < _src.Length && IsIdentPart(_src[_pos]))
            {
                Advance();
            }

            var text = _src[start.._pos];
            return new HclToken(HclTokenKind.Ident, text, text, line, col);
        }

        throw new HclParseException(line, col, "illegal char");
    }

    private static bool IsIdentStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.';

    private char Peek(int offset) => _pos + offset < _src.Length ? _src[_pos + offset] : '\0';

    private void Advance()
    {
        if (_src[_pos] == '\n')
        {
            _line++;
            _col = 1;
        }
        else
        {
            _col++;
        }

        _pos++;
    }

    private void SkipTrivia()
    {
        while (_pos < _src.Length)
        {
            var c = _src[_pos];
            if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF')
            {
                Advance();
            }
            else if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                while (_pos < _src.Length && _src[_pos] != '\n')
                {
                    Advance();
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var line = _line;
                var col = _col;
                Advance();
                Advance();
                while (true)
                {
                    if (_pos >= _src.Length)
                    {
                        throw new HclParseException(line, col, "comment not terminated");
                    }

                    if (_src[_pos] == '*' && Peek(1) == '/')
                    {
                        Advance();
                        Advance();
                        break;
                    }

                    Advance();
                }
            }
            else if (c == '/')
            {
                throw new HclParseException(_line, _col, "expected '/' for comment");
            }
            else
            {
                return;
            }
        }
    }

    private HclToken LexNumber(int line, int col)
    {
        var start = _pos;
        var isFloat = false;
        if (_src[_pos] == '-')
        {
            Advance();
        }

        if (_src[_pos] == '0' && Peek(1) is 'x' or 'X')
        {
            Advance();
            Advance();
            while (_pos < _src.Length && char.IsAsciiHexDigit(_src[_pos]))
            {
                Advance();
            }
        }
        else
        {
            while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                Advance();
            }

            if (_pos < _src.Length && _src[_pos] == '.' && char.IsAsciiDigit(Peek(1)))
            {
                isFloat = true;
                Advance();
                while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
                {
                    Advance();
                }
            }

            if (_pos < _src.Length && _src[_pos] is 'e' or 'E')
            {
                var save = (_pos, _line, _col);
                Advance();
                if (_pos < _src.Length && _src[_pos] is '+' or '-')
                {
                    Advance();
                }

                if (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
                {
                    isFloat = true;
                    while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
                    {
                        Advance();
                    }
                }
                else
                {
                    (_pos, _line, _col) = save;
                }
            }
        }

        if (_pos < _src.Length && (char.IsLetter(_src[_pos]) || _src[_pos] == '_'))
        {
            throw new HclParseException(_line, _col, "illegal char in number");
        }

        var text = _src[start.._pos];
        return new HclToken(isFloat ? HclTokenKind.Float : HclTokenKind.Number, text, text, line, col);
    }

    private HclToken LexString(int line, int col)
    {
        var start = _pos;
        Advance(); // opening quote
        var sb = new StringBuilder();
        var interpolationDepth = 0;
        var inInnerString = false;
        while (true)
        {
            if (_pos >= _src.Length || _src[_pos] == '\n')
            {
                throw new HclParseException(line, col, "literal not terminated");
            }

            var c = _src[_pos];
            if (interpolationDepth > 0)
            {
                // Inside ${ ... }: kept verbatim; quotes open an inner string that does not end the literal.
                if (inInnerString)
                {
                    if (c == '\\' && _pos + 1 < _src.Length && _src[_pos + 1] != '\n')
                    {
                        sb.Append(c);
                        Advance();
                        c = _src[_pos];
                    }
                    else if (c == '"')
                    {
                        inInnerString = false;
                    }
                }
                else if (c == '"')
                {
                    inInnerString = true;
                }
                else if (c == '{')
                {
                    interpolationDepth++;
                }
                else if (c == '}')
                {
                    interpolationDepth--;
                }

                sb.Append(c);
                Advance();
                continue;
            }

            if (c == '"')
            {
                Advance();
                return new HclToken(HclTokenKind.String, _src[start.._pos], sb.ToString(), line, col);
            }

            if (c == '$' && Peek(1) == '{')
            {
                interpolationDepth = 1;
                sb.Append("${");
                Advance();
                Advance();
                continue;
            }

            if (c == '\\')
            {
                ReadEscape(sb);
                continue;
            }

            sb.Append(c);
            Advance();
        }
    }

    private void ReadEscape(StringBuilder sb)
    {
        var line = _line;
        var col = _col;
        Advance(); // backslash
        if (_pos >= _src.Length || _src[_pos] == '\n')
        {
            throw new HclParseException(line, col, "literal not terminated");
        }

        var c = _src[_pos];
        switch (c)
        {
            case 'n': sb.Append('\n'); Advance(); return;
            case 't': sb.Append('\t'); Advance(); return;
            case 'r': sb.Append('\r'); Advance(); return;
            case 'a': sb.Append('\a'); Advance(); return;
            case 'b': sb.Append('\b'); Advance(); return;
            case 'f': sb.Append('\f'); Advance(); return;
            case 'v': sb.Append('\v'); Advance(); return;
            case '\\': sb.Append('\\'); Advance(); return;
            case '"': sb.Append('"'); Advance(); return;
            case 'x':
                Advance();
                sb.Append((char)ReadDigits(2, 16, line, col));
                return;
            case 'u':
                Advance();
                sb.Append((char)ReadDigits(4, 16, line, col));
                return;
            case 'U':
                Advance();
                var cp = ReadDigits(8, 16, line, col);
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    throw new HclParseException(line, col, "escape sequence is invalid Unicode code point");
                }

                sb.Append(char.ConvertFromUtf32(cp));
                return;
            default:
                if (c is >= '0' and <= '7')
                {
                    var v = ReadDigits(3, 8, line, col);
                    if (v > 255)
                    {
                        throw new HclParseException(line, col, "octal escape value > 255");
                    }

                    sb.Append((char)v);
                    return;
                }

                throw new HclParseException(line, col, "unknown escape sequence");
        }
    }

    private int ReadDigits(int count, int radix, int line, int col)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            var c = _pos < _src.Length ? _src[_pos] : '\0';
            var d = radix == 16 && char.IsAsciiHexDigit(c) ? int.Parse(c.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : radix == 8 && c is >= '0' and <= '7' ? c - '0'
                : -1;
            if (d < 0)
            {
                throw new HclParseException(line, col, "illegal char escape");
            }

            value = (value * radix) + d;
            Advance();
        }

        return value;
    }

    private HclToken LexHeredoc(int line, int col)
    {
        var start = _pos;
        Advance();
        Advance();
        var indented = false;
        if (_pos < _src.Length && _src[_pos] == '-')
        {
            indented = true;
            Advance();
        }

        var anchorStart = _pos;
        while (_pos < _src.Length && (char.IsLetterOrDigit(_src[_pos]) || _src[_pos] == '_'))
        {
            Advance();
        }

        var anchor = _src[anchorStart.._pos];
        if (anchor.Length == 0)
        {
            throw new HclParseException(line, col, "zero-length heredoc anchor");
        }

        if (_pos < _src.Length && _src[_pos] == '\r' && Peek(1) == '\n')
        {
            Advance();
        }

        if (_pos >= _src.Length || _src[_pos] != '\n')
        {
            throw new HclParseException(line, col, "invalid characters in heredoc anchor");
        }

        Advance();
        var lines = new List<string>();
        while (true)
        {
            if (_pos >= _src.Length)
            {
                throw new HclParseException(line, col, "heredoc not terminated");
            }

            var lineStart = _pos;
            while (_pos < _src.Length && _src[_pos] != '\n')
            {
                Advance();
            }

            var text = _src[lineStart.._pos];
            if (_pos < _src.Length)
            {
                Advance(); // newline
            }

            var content = text.TrimEnd('\r');
            var trimmed = content.TrimStart(' ', '\t');
            if (trimmed == anchor)
            {
                var indent = content[..(content.Length - trimmed.Length)];
                return new HclToken(HclTokenKind.Heredoc, _src[start.._pos], BuildHeredoc(lines, indented ? indent : null), line, col);
            }

            lines.Add(text);
        }
    }

    private static string BuildHeredoc(List<string> lines, string? indent)
    {
        // <<-: the closing line's indentation is removed from every line, but only if every line carries it.
        var strip = indent is { Length: > 0 } && lines.All(l => l.StartsWith(indent, StringComparison.Ordinal));
        var sb = new StringBuilder();
        foreach (var l in lines)
        {
            sb.Append(strip ? l[indent!.Length..] : l).Append('\n');
        }

        return sb.ToString();
    }
}
