using System.Globalization;
using System.Text;

namespace ConsulSharp.Hcl;

/// <summary>
/// Parses JSON into the same tree as <see cref="HclParser"/>, as Go's <c>encoding/json</c> decodes into
/// <c>map[string]interface{}</c>: objects stay objects (no list wrapping), a repeated key keeps its last value.
/// Numbers without fraction or exponent that fit in 64 bits are <see cref="HclInt"/>, others <see cref="HclFloat"/>.
/// Errors carry line and column: <c>At 3:7: invalid character '}' looking for beginning of object key string</c>.
/// </summary>
public static class HclJson
{
    public static HclNode Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var p = new Parser(source);
        p.SkipWs();
        if (p.AtEnd)
        {
            throw p.Error("unexpected end of JSON input");
        }

        var value = p.ParseValue();
        p.SkipWs();
        if (!p.AtEnd)
        {
            throw p.Error($"invalid character {p.Quote()} after top-level value");
        }

        return value;
    }

    private sealed class Parser
    {
        private readonly string _s;
        private int _pos;
        private int _line = 1;
        private int _col = 1;
        private int _depth;

        public Parser(string s)
        {
            _s = s;
            if (_s.Length > 0 && _s[0] == '\uFEFF')
            {
                _pos = 1;
            }
        }

        public bool AtEnd => _pos >= _s.Length;

        private char Cur => _s[_pos];

        public HclParseException Error(string reason) => new(_line, _col, reason);

        public string Quote()
        {
            var c = Cur;
            return c switch
            {
                '\'' => "'\\''",
                '"' => "'\"'",
                _ when c < ' ' => $"'\\x{(int)c:x2}'",
                _ => $"'{c}'",
            };
        }

        public void SkipWs()
        {
            while (_pos < _s.Length && _s[_pos] is ' ' or '\t' or '\r' or '\n')
            {
                Advance();
            }
        }

        public HclNode ParseValue()
        {
            if (AtEnd)
            {
                throw Error("unexpected end of JSON input");
            }

            var line = _line;
            var col = _col;
            switch (Cur)
            {
                case '{':
                case '[':
                    if (++_depth > HclParser.MaxDepth)
                    {
                        throw Error($"nesting deeper than {HclParser.MaxDepth} levels");
                    }

                    HclNode container = Cur == '{' ? ParseObject() : ParseArray();
                    _depth--;
                    return container;
                case '"':
                    return new HclString(ParseString(), line, col);
                case 't':
                    Literal("true");
                    return new HclBool(true, line, col);
                case 'f':
                    Literal("false");
                    return new HclBool(false, line, col);
                case 'n':
                    Literal("null");
                    return new HclNull(line, col);
                default:
                    if (Cur == '-' || char.IsAsciiDigit(Cur))
                    {
                        return ParseNumber(line, col);
                    }

                    throw Error($"invalid character {Quote()} looking for beginning of value");
            }
        }

        private void Advance()
        {
            if (_s[_pos] == '\n')
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

        private void Literal(string word)
        {
            foreach (var c in word)
            {
                if (AtEnd)
                {
                    throw Error("unexpected end of JSON input");
                }

                if (Cur != c)
                {
                    throw Error($"invalid character {Quote()} in literal {word} (expecting '{c}')");
                }

                Advance();
            }
        }

        private HclObject ParseObject()
        {
            var line = _line;
            var col = _col;
            Advance();
            var order = new List<string>();
            var props = new Dictionary<string, HclProperty>(StringComparer.Ordinal);
            SkipWs();
            if (!AtEnd && Cur == '}')
            {
                Advance();
                return new HclObject([], line, col);
            }

            while (true)
            {
                SkipWs();
                if (AtEnd)
                {
                    throw Error("unexpected end of JSON input");
                }

                if (Cur != '"')
                {
                    throw Error($"invalid character {Quote()} looking for beginning of object key string");
                }

                var kline = _line;
                var kcol = _col;
                var key = ParseString();
                SkipWs();
                if (AtEnd)
                {
                    throw Error("unexpected end of JSON input");
                }

                if (Cur != ':')
                {
                    throw Error($"invalid character {Quote()} after object key");
                }

                Advance();
                SkipWs();
                var value = ParseValue();
                if (!props.ContainsKey(key))
                {
                    order.Add(key);
                }

                props[key] = new HclProperty(key, value, kline, kcol);
                SkipWs();
                if (AtEnd)
                {
                    throw Error("unexpected end of JSON input");
                }

                if (Cur == ',')
                {
                    Advance();
                    continue;
                }

                if (Cur == '}')
                {
                    Advance();
                    return new HclObject(order.Select(k => props[k]).ToList(), line, col);
                }

                throw Error($"invalid character {Quote()} after object key:value pair");
            }
        }

        private HclList ParseArray()
        {
            var line = _line;
            var col = _col;
            Advance();
            var items = new List<HclNode>();
            SkipWs();
            if (!AtEnd && Cur == ']')
            {
                Advance();
                return new HclList(items, line, col);
            }

            while (true)
            {
                SkipWs();
                items.Add(ParseValue());
                SkipWs();
                if (AtEnd)
                {
                    throw Error("unexpected end of JSON input");
                }

                if (Cur == ',')
                {
                    Advance();
                    continue;
                }

                if (Cur == ']')
                {
                    Advance();
                    return new HclList(items, line, col);
                }

                throw Error($"invalid character {Quote()} after array element");
            }
        }

        private string ParseString()
        {
            Advance(); // opening quote
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("unexpected end of JSON input");
                }

                var c = Cur;
                if (c == '"')
                {
                    Advance();
                    return sb.ToString();
                }

                if (c < ' ')
                {
                    throw Error($"invalid character {Quote()} in string literal");
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    Advance();
                    continue;
                }

                Advance();
                if (AtEnd)
                {
                    throw Error("unexpected end of JSON input");
                }

                var e = Cur;
                Advance();
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        var v = 0;
                        for (var i = 0; i < 4; i++)
                        {
                            if (AtEnd || !char.IsAsciiHexDigit(Cur))
                            {
                                throw AtEnd ? Error("unexpected end of JSON input") : Error($"invalid character {Quote()} in \\u hexadecimal character escape");
                            }

                            v = (v * 16) + int.Parse(Cur.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                            Advance();
                        }

                        sb.Append((char)v);
                        break;
                    default:
                        _pos--;
                        _col--;
                        throw Error($"invalid character {Quote()} in string escape code");
                }
            }
        }

        private HclNode ParseNumber(int line, int col)
        {
            var start = _pos;
            var isFloat = false;
            if (Cur == '-')
            {
                Advance();
            }

            if (AtEnd || !char.IsAsciiDigit(Cur))
            {
                throw AtEnd ? Error("unexpected end of JSON input") : Error($"invalid character {Quote()} in numeric literal");
            }

            if (Cur == '0')
            {
                Advance();
            }
            else
            {
                while (!AtEnd && char.IsAsciiDigit(Cur))
                {
                    Advance();
                }
            }

            if (!AtEnd && Cur == '.')
            {
                isFloat = true;
                Advance();
                if (AtEnd || !char.IsAsciiDigit(Cur))
                {
                    throw AtEnd ? Error("unexpected end of JSON input") : Error($"invalid character {Quote()} after decimal point in numeric literal");
                }

                while (!AtEnd && char.IsAsciiDigit(Cur))
                {
                    Advance();
                }
            }

            if (!AtEnd && Cur is 'e' or 'E')
            {
                isFloat = true;
                Advance();
                if (!AtEnd && Cur is '+' or '-')
                {
                    Advance();
                }

                if (AtEnd || !char.IsAsciiDigit(Cur))
                {
                    throw AtEnd ? Error("unexpected end of JSON input") : Error($"invalid character {Quote()} in exponent of numeric literal");
                }

                while (!AtEnd && char.IsAsciiDigit(Cur))
                {
                    Advance();
                }
            }

            var text = _s[start.._pos];
            if (!isFloat && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return new HclInt(l, line, col);
            }

            return new HclFloat(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), line, col);
        }
    }
}
