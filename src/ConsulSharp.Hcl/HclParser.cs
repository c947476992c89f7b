using System.Globalization;

namespace ConsulSharp.Hcl;

/// <summary>
/// Parses HashiCorp HCL1 (the dialect of Consul agent config and ACL rules) into a generic tree, with the shape
/// HCL1's <c>Decode</c> into <c>map[string]interface{}</c> gives:
/// <list type="bullet">
/// <item>every object value (<c>ports { }</c> or <c>ports = { }</c>) becomes a one-element list of objects;</item>
/// <item>repeated object keys append to that list (<c>service {}</c> twice gives a two-element list);</item>
/// <item>labelled blocks nest: <c>foo "bar" { a = 1 }</c> is <c>{"foo":[{"bar":[{"a":1}]}]}</c>;</item>
/// <item>a repeated scalar key keeps its last value; objects inside list literals are plain objects.</item>
/// </list>
/// Text whose first non-blank character is <c>{</c> is JSON and is parsed by <see cref="HclJson"/>, as HCL1 does.
/// Errors are <see cref="HclParseException"/> with <c>At LINE:COL: reason</c>.
/// </summary>
public static class HclParser
{
    public static HclObject Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var first = source.AsSpan().TrimStart(" \t\r\n\uFEFF");
        if (!first.IsEmpty && first[0] == '{')
        {
            var node = HclJson.Parse(source);
            return node as HclObject ?? throw new HclParseException(node.Line, node.Column, "expected a JSON object at top level");
        }

        var parser = new Parser(new HclLexer(source));
        return parser.ParseDocument();
    }

    /// <summary>Deepest nesting of objects and lists accepted; deeper input is an error instead of a stack overflow.</summary>
    public const int MaxDepth = 256;

    private sealed class Parser
    {
        private readonly HclLexer _lexer;
        private HclToken _tok;
        private int _depth;

        public Parser(HclLexer lexer)
        {
            _lexer = lexer;
            _tok = lexer.Next();
        }

        public HclObject ParseDocument()
        {
            var obj = ParseBody(1, 1, topLevel: true);
            return obj;
        }

        private void Move() => _tok = _lexer.Next();

        private void Enter(int line, int col)
        {
            if (++_depth > MaxDepth)
            {
                throw new HclParseException(line, col, $"nesting deeper than {MaxDepth} levels");
            }
        }

        private HclObject ParseBody(int line, int col, bool topLevel)
        {
            if (!topLevel)
            {
                Enter(line, col);
            }

            var builder = new ObjectBuilder();
            while (true)
            {
                if (_tok.Kind == HclTokenKind.Eof)
                {
                    if (!topLevel)
                    {
                        throw new HclParseException(_tok.Line, _tok.Column, "object expected closing RBRACE got: EOF");
                    }

                    break;
                }

                if (_tok.Kind == HclTokenKind.RBrace)
                {
                    if (topLevel)
                    {
                        throw new HclParseException(_tok.Line, _tok.Column, "expected: IDENT | STRING got: RBRACE");
                    }

                    Move();
                    _depth--;
                    break;
                }

                if (_tok.Kind == HclTokenKind.Comma)
                {
                    Move();
                    continue;
                }

                ParseItem(builder);
            }

            return builder.Build(line, col);
        }

        private void ParseItem(ObjectBuilder builder)
        {
            var keys = new List<HclToken>();
            while (_tok.Kind is HclTokenKind.Ident or HclTokenKind.String)
            {
                keys.Add(_tok);
                Move();
            }

            if (keys.Count == 0)
            {
                throw new HclParseException(_tok.Line, _tok.Column, $"expected: IDENT | STRING got: {_tok.KindName}");
            }

            var first = keys[0];
            if (_tok.Kind == HclTokenKind.Assign)
            {
                if (keys.Count > 1)
                {
                    throw new HclParseException(_tok.Line, _tok.Column, $"nested object expected: LBRACE got: {_tok.KindName}");
                }

                Move();
                var value = ParseValue();
                builder.Add(first, value);
                return;
            }

            if (_tok.Kind == HclTokenKind.LBrace)
            {
                if (_depth + keys.Count > MaxDepth)
                {
                    throw new HclParseException(first.Line, first.Column, $"nesting deeper than {MaxDepth} levels");
                }

                var open = _tok;
                Move();
                HclNode node = ParseBody(open.Line, open.Column, topLevel: false);
                for (var i = keys.Count - 1; i >= 1; i--)
                {
                    var label = keys[i];
                    node = new HclObject([new HclProperty(label.Value, new HclList([node], node.Line, node.Column), label.Line, label.Column)], label.Line, label.Column);
                }

                builder.AddBlock(first, node);
                return;
            }

            throw new HclParseException(_tok.Line, _tok.Column, $"key '{string.Join(" ", keys.Select(k => k.Text))}' expected start of object ('{{') or assignment ('=')");
        }

        /// <summary>A value after <c>=</c>: objects here fold like blocks; see <see cref="ObjectBuilder.Add"/>.</summary>
        private HclNode ParseValue()
        {
            var t = _tok;
            switch (t.Kind)
            {
                case HclTokenKind.String:
                case HclTokenKind.Heredoc:
                    Move();
                    return new HclString(t.Value, t.Line, t.Column);
                case HclTokenKind.Number:
                    Move();
                    return new HclInt(ParseInt(t), t.Line, t.Column);
                case HclTokenKind.Float:
                    Move();
                    return new HclFloat(double.Parse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture), t.Line, t.Column);
                case HclTokenKind.Ident when t.Text is "true" or "false":
                    Move();
                    return new HclBool(t.Text == "true", t.Line, t.Column);
                case HclTokenKind.LBrack:
                    Move();
                    return ParseList(t);
                case HclTokenKind.LBrace:
                    Move();
                    return ParseBody(t.Line, t.Column, topLevel: false);
                default:
                    throw new HclParseException(t.Line, t.Column, $"Unknown token: {t.Line}:{t.Column} {t.KindName} {t.Text}".TrimEnd());
            }
        }

        private HclList ParseList(HclToken open)
        {
            Enter(open.Line, open.Column);
            var items = new List<HclNode>();
            var needComma = false;
            while (true)
            {
                if (_tok.Kind == HclTokenKind.RBrack)
                {
                    Move();
                    _depth--;
                    return new HclList(items, open.Line, open.Column);
                }

                if (_tok.Kind == HclTokenKind.Eof)
                {
                    throw new HclParseException(_tok.Line, _tok.Column, "list expected closing RBRACK got: EOF");
                }

                if (_tok.Kind == HclTokenKind.Comma)
                {
                    if (!needComma)
                    {
                        throw new HclParseException(_tok.Line, _tok.Column, "error parsing list, expected value got: COMMA");
                    }

                    needComma = false;
                    Move();
                    continue;
                }

                if (needComma)
                {
                    throw new HclParseException(_tok.Line, _tok.Column, $"error parsing list, expected comma or list end, got: {_tok.KindName}");
                }

                items.Add(ParseValue());
                needComma = true;
            }
        }

        private static long ParseInt(HclToken t)
        {
            var text = t.Text;
            var neg = text.StartsWith('-');
            var body = neg ? text[1..] : text;
            try
            {
                ulong magnitude;
                if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                {
                    if (body.Length == 2)
                    {
                        throw new FormatException();
                    }

                    magnitude = ulong.Parse(body.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                }
                else if (body.Length > 1 && body[0] == '0')
                {
                    magnitude = 0;
                    foreach (var c in body.AsSpan(1))
                    {
                        if (c is < '0' or > '7')
                        {
                            throw new FormatException();
                        }

                        magnitude = checked((magnitude * 8) + (ulong)(c - '0'));
                    }
                }
                else
                {
                    magnitude = ulong.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture);
                }

                if (neg)
                {
                    return magnitude <= (ulong)long.MaxValue + 1 ? (long)(0 - magnitude) : throw new OverflowException();
                }

                return magnitude <= long.MaxValue ? (long)magnitude : throw new OverflowException();
            }
            catch (OverflowException)
            {
                throw new HclParseException(t.Line, t.Column, $"strconv.ParseInt: parsing \"{text}\": value out of range");
            }
            catch (FormatException)
            {
                throw new HclParseException(t.Line, t.Column, $"strconv.ParseInt: parsing \"{text}\": invalid syntax");
            }
        }
    }

    /// <summary>Collects one object body applying HCL1's folding of repeated keys.</summary>
    private sealed class ObjectBuilder
    {
        private readonly List<string> _order = [];
        private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

        public void Add(HclToken key, HclNode value)
        {
            if (value is HclObject)
            {
                AddBlock(key, value);
                return;
            }

            var e = GetEntry(key);
            e.Blocks = null;
            e.Value = value;
        }

        public void AddBlock(HclToken key, HclNode block)
        {
            var e = GetEntry(key);
            e.Value = null;
            e.Blocks ??= [];
            e.Blocks.Add(block);
        }

        public HclObject Build(int line, int col)
        {
            var props = new List<HclProperty>(_order.Count);
            foreach (var k in _order)
            {
                var e = _entries[k];
                var value = e.Blocks is { } blocks
                    ? new HclList(blocks, blocks[0].Line, blocks[0].Column)
                    : e.Value!;
                props.Add(new HclProperty(k, value, e.Line, e.Column));
            }

            return new HclObject(props, line, col);
        }

        private Entry GetEntry(HclToken key)
        {
            if (!_entries.TryGetValue(key.Value, out var e))
            {
                e = new Entry { Line = key.Line, Column = key.Column };
                _entries[key.Value] = e;
                _order.Add(key.Value);
            }

            return e;
        }

        private sealed class Entry
        {
            public HclNode? Value { get; set; }

            public List<HclNode>? Blocks { get; set; }

            public int Line { get; init; }

            public int Column { get; init; }
        }
    }
}
