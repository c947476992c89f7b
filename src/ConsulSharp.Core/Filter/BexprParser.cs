using System.Runtime.CompilerServices;
using System.Text;
using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Filter;

/// <summary>
/// Parser for go-bexpr's expression grammar (the version Consul uses, v0.1.2). It is a small PEG interpreter that
/// follows the semantics of the pigeon-generated Go parser step for step — ordered choice, backtracking, the
/// "farthest failure" bookkeeping and rule display names — so that error messages match bexpr's exactly, e.g.
/// <c>1:4 (3): no match found, expected: "!=", ".", "==", "[", [ \t\r\n] or [a-zA-Z0-9_]</c> or
/// <c>1:10 (9): rule "number": Invalid number literal</c>. Positions are line:column (runes, 1-based) and the byte
/// offset in UTF-8, as Go reports them. Rule results are memoised (packrat), which keeps nested parentheses linear;
/// memoisation does not change results or messages because rules are pure and errors are de-duplicated like Go's.
/// Not thread-safe: one instance per parse.
/// </summary>
internal sealed class BexprParser
{
    private const long MaxSteps = 2_000_000;

    private static readonly Grammar Rules = new();

    private readonly int[] _runes;
    private readonly Position[] _positions; // one per rune, plus the end-of-input position
    private readonly string _source;
    private readonly int[] _charIndex; // rune index -> UTF-16 index (plus end)
    private readonly List<Rule> _ruleStack = [];
    private readonly List<string> _errors = [];
    private readonly HashSet<string> _errorSet = new(StringComparer.Ordinal);
    private readonly List<string> _maxFailExpected = [];
    private readonly Dictionary<(int Rule, int Pos, bool Invert), MemoEntry> _memo = [];
    private Position _maxFailPos = new(1, 1, 0);
    private bool _invert;
    private int _pos;
    private long _steps;

    private BexprParser(string source)
    {
        _source = source;
        var runes = new List<int>(source.Length);
        var charIndex = new List<int>(source.Length + 1);
        var positions = new List<Position>(source.Length + 1);
        int line = 1, col = 0, offset = 0;
        for (var i = 0; i < source.Length;)
        {
            int rune;
            int width;
            if (char.IsHighSurrogate(source[i]) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                rune = char.ConvertToUtf32(source[i], source[i + 1]);
                width = 2;
            }
            else
            {
                rune = char.IsSurrogate(source[i]) ? 0xFFFD : source[i];
                width = 1;
            }

            col++;
            if (rune == '\n')
            {
                line++;
                col = 0;
            }

            positions.Add(new Position(line, col, offset));
            runes.Add(rune);
            charIndex.Add(i);
            offset += Utf8Width(rune);
            i += width;
        }

        positions.Add(new Position(line, col + 1, offset));
        charIndex.Add(source.Length);
        _runes = [.. runes];
        _positions = [.. positions];
        _charIndex = [.. charIndex];
    }

    /// <summary>Parses an expression; throws <see cref="FilterException"/> with bexpr's message on failure.</summary>
    public static FilterNode Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parser = new BexprParser(expression);
        var (ok, value) = parser.Run();
        if (parser._errors.Count > 0)
        {
            throw new FilterException(expression, string.Join('\n', parser._errors));
        }

        if (!ok || value is not FilterNode node)
        {
            throw new FilterException(expression, "no match found");
        }

        return node;
    }

    private static int Utf8Width(int rune) => rune switch
    {
        < 0x80 => 1,
        < 0x800 => 2,
        < 0x10000 => 3,
        _ => 4,
    };

    private (bool Ok, object? Value) Run()
    {
        bool ok;
        object? value;
        try
        {
            ok = ParseRule(Rules.Input, out value);
        }
        catch (StepLimitException ex)
        {
            AddError(ex.Message, CurrentPosition);
            return (false, null);
        }

        if (!ok && _errors.Count == 0)
        {
            var expected = new HashSet<string>(_maxFailExpected, StringComparer.Ordinal);
            var eof = expected.Remove("!.");
            var list = expected.ToList();
            list.Sort(StringComparer.Ordinal);
            if (eof)
            {
                list.Add("EOF");
            }

            _ruleStack.Clear();
            AddError("no match found, expected: " + ListJoin(list), _maxFailPos);
        }

        return (ok, value);
    }

    private static string ListJoin(List<string> list) => list.Count switch
    {
        0 => string.Empty,
        1 => list[0],
        _ => string.Join(", ", list.Take(list.Count - 1)) + " or " + list[^1],
    };

    private Position CurrentPosition => _positions[_pos];

    private void AddError(string message, Position at)
    {
        var sb = new StringBuilder();
        sb.Append(at.Line).Append(':').Append(at.Column).Append(" (").Append(at.Offset).Append(')');
        if (_ruleStack.Count > 0)
        {
            var rule = _ruleStack[^1];
            sb.Append(": rule ").Append(rule.DisplayName ?? rule.Name);
        }

        sb.Append(": ").Append(message);
        var text = sb.ToString();
        if (_errorSet.Add(text))
        {
            _errors.Add(text);
        }
    }

    private void FailAt(bool fail, int at, string want)
    {
        if (fail != _invert)
        {
            return;
        }

        var pos = _positions[at];
        if (pos.Offset < _maxFailPos.Offset)
        {
            return;
        }

        if (pos.Offset > _maxFailPos.Offset)
        {
            _maxFailPos = pos;
            _maxFailExpected.Clear();
        }

        _maxFailExpected.Add(_invert ? "!" + want : want);
    }

    private bool AtEnd => _pos >= _runes.Length;

    private string TextFrom(int start) => _source[_charIndex[start].._charIndex[_pos]];

    private bool ParseRule(Rule rule, out object? value)
    {
        var key = (rule.Index, _pos, _invert);
        if (rule.Memoize && _memo.TryGetValue(key, out var memo))
        {
            _pos = memo.End;
            value = memo.Value;
            return memo.Ok;
        }

        _ruleStack.Add(rule);
        var ok = ParseExpr(rule.Expr!, out value);
        _ruleStack.RemoveAt(_ruleStack.Count - 1);
        if (rule.Memoize)
        {
            _memo[key] = new MemoEntry(ok, value, _pos);
        }

        return ok;
    }

    private bool ParseExpr(Pe expr, out object? value)
    {
        if (++_steps > MaxSteps)
        {
            throw new StepLimitException("max number of expresssions parsed");
        }

        // Long and/or chains recurse deeply; fail cleanly instead of overflowing the stack.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new StepLimitException("expression is nested too deeply");
        }

        value = null;
        switch (expr)
        {
            case Lit lit:
                {
                    var start = _pos;
                    foreach (var want in lit.Runes)
                    {
                        if (AtEnd || _runes[_pos] != want)
                        {
                            FailAt(false, start, lit.Want);
                            _pos = start;
                            return false;
                        }

                        _pos++;
                    }

                    FailAt(true, start, lit.Want);
                    value = lit.Value;
                    return true;
                }

            case Cls cls:
                {
                    var start = _pos;
                    if (AtEnd || !cls.Match(_runes[_pos]))
                    {
                        FailAt(false, start, cls.Display);
                        return false;
                    }

                    _pos++;
                    FailAt(true, start, cls.Display);
                    return true;
                }

            case AnyChar:
                {
                    var start = _pos;
                    if (AtEnd)
                    {
                        FailAt(false, start, ".");
                        return false;
                    }

                    _pos++;
                    FailAt(true, start, ".");
                    return true;
                }

            case Seq seq:
                {
                    var start = _pos;
                    var values = new object?[seq.Items.Length];
                    for (var i = 0; i < seq.Items.Length; i++)
                    {
                        if (!ParseExpr(seq.Items[i], out values[i]))
                        {
                            _pos = start;
                            return false;
                        }
                    }

                    value = values;
                    return true;
                }

            case Choice choice:
                foreach (var alternative in choice.Alternatives)
                {
                    if (ParseExpr(alternative, out value))
                    {
                        return true;
                    }
                }

                value = null;
                return false;

            case Star star:
                {
                    List<object?>? values = null;
                    while (ParseExpr(star.Inner, out var item))
                    {
                        (values ??= []).Add(item);
                    }

                    value = values;
                    return true;
                }

            case Plus plus:
                {
                    if (!ParseExpr(plus.Inner, out var first))
                    {
                        return false;
                    }

                    var values = new List<object?> { first };
                    while (ParseExpr(plus.Inner, out var item))
                    {
                        values.Add(item);
                    }

                    value = values;
                    return true;
                }

            case Opt opt:
                ParseExpr(opt.Inner, out value);
                return true;

            case AndPredicate and:
                {
                    var start = _pos;
                    var ok = ParseExpr(and.Inner, out _);
                    _pos = start;
                    return ok;
                }

            case NotPredicate not:
                {
                    var start = _pos;
                    _invert = !_invert;
                    var ok = ParseExpr(not.Inner, out _);
                    _invert = !_invert;
                    _pos = start;
                    return !ok;
                }

            case Fail fail:
                AddError(fail.Message, CurrentPosition);
                return false;

            case Action action:
                {
                    var start = _pos;
                    if (!ParseExpr(action.Inner, out var inner))
                    {
                        return false;
                    }

                    value = action.Run(inner, TextFrom(start), out var error);
                    if (error is not null)
                    {
                        AddError(error, _positions[start]);
                    }

                    return true;
                }

            case RuleRef reference:
                return ParseRule(reference.Target, out value);

            default:
                throw new InvalidOperationException("unknown grammar node " + expr.GetType().Name);
        }
    }

    private readonly record struct Position(int Line, int Column, int Offset);

    private readonly record struct MemoEntry(bool Ok, object? Value, int End);

    /// <summary>Aborts a parse that runs too long (pigeon's <c>max number of expresssions parsed</c>, typo included) or too deep.</summary>
    private sealed class StepLimitException(string message) : Exception(message);

    // ---- grammar nodes ----

    private abstract class Pe;

    private sealed class Lit : Pe
    {
        public Lit(string text)
        {
            Value = text;
            Runes = [.. text.EnumerateRunes().Select(r => r.Value)];
            Want = GoStrconv.Quote(text);
        }

        public string Value { get; }

        public int[] Runes { get; }

        public string Want { get; }
    }

    private sealed class Cls(string display, Func<int, bool> match) : Pe
    {
        public string Display { get; } = display;

        public Func<int, bool> Match { get; } = match;
    }

    private sealed class AnyChar : Pe;

    private sealed class Seq(params Pe[] items) : Pe
    {
        public Pe[] Items { get; } = items;
    }

    private sealed class Choice(params Pe[] alternatives) : Pe
    {
        public Pe[] Alternatives { get; } = alternatives;
    }

    private sealed class Star(Pe inner) : Pe
    {
        public Pe Inner { get; } = inner;
    }

    private sealed class Plus(Pe inner) : Pe
    {
        public Pe Inner { get; } = inner;
    }

    private sealed class Opt(Pe inner) : Pe
    {
        public Pe Inner { get; } = inner;
    }

    private sealed class AndPredicate(Pe inner) : Pe
    {
        public Pe Inner { get; } = inner;
    }

    private sealed class NotPredicate(Pe inner) : Pe
    {
        public Pe Inner { get; } = inner;
    }

    /// <summary>A semantic predicate that always fails with an error (bexpr's <c>&amp;{ return false, errors.New(...) }</c>).</summary>
    private sealed class Fail(string message) : Pe
    {
        public string Message { get; } = message;
    }

    private delegate object? ActionFn(object? inner, string text, out string? error);

    private sealed class Action(Pe inner, ActionFn run) : Pe
    {
        public Pe Inner { get; } = inner;

        public ActionFn Run { get; } = run;
    }

    private sealed class RuleRef(Rule target) : Pe
    {
        public Rule Target { get; } = target;
    }

    private sealed class Rule(int index, string name, string? displayName, bool memoize)
    {
        /// <summary>Only the recursive expression rules are memoised: they are what makes re-parsing exponential.</summary>
        public bool Memoize { get; } = memoize;

        public int Index { get; } = index;

        public string Name { get; } = name;

        public string? DisplayName { get; } = displayName;

        public Pe? Expr { get; set; }
    }

    /// <summary>bexpr v0.1.2's grammar.peg, rule for rule and in the same order of alternatives.</summary>
    private sealed class Grammar
    {
        private int _next;

        public Grammar()
        {
            Input = NewRule("Input");
            var or = NewRule("OrExpression", memoize: true);
            var and = NewRule("AndExpression", memoize: true);
            var not = NewRule("NotExpression", memoize: true);
            var paren = NewRule("ParenthesizedExpression", "\"grouping\"", memoize: true);
            var match = NewRule("MatchExpression", "\"match\"", memoize: true);
            var selectorOpValue = NewRule("MatchSelectorOpValue", "\"match\"");
            var selectorOp = NewRule("MatchSelectorOp", "\"match\"");
            var valueOpSelector = NewRule("MatchValueOpSelector", "\"match\"");
            var equal = NewRule("MatchEqual");
            var notEqual = NewRule("MatchNotEqual");
            var isEmpty = NewRule("MatchIsEmpty");
            var isNotEmpty = NewRule("MatchIsNotEmpty");
            var inOp = NewRule("MatchIn");
            var notIn = NewRule("MatchNotIn");
            var contains = NewRule("MatchContains");
            var notContains = NewRule("MatchNotContains");
            var matches = NewRule("MatchMatches");
            var notMatches = NewRule("MatchNotMatches");
            var selector = NewRule("Selector", "\"selector\"");
            var identifier = NewRule("Identifier");
            var selectorOrIndex = NewRule("SelectorOrIndex");
            var index = NewRule("IndexExpression", "\"index\"");
            var value = NewRule("Value", "\"value\"");
            var number = NewRule("NumberLiteral", "\"number\"");
            var afterNumbers = NewRule("AfterNumbers");
            var integerOrFloat = NewRule("IntegerOrFloat");
            var stringLiteral = NewRule("StringLiteral", "\"string\"");
            var rawStringChar = NewRule("RawStringChar");
            var doubleStringChar = NewRule("DoubleStringChar");
            var ws = NewRule("_", "\"whitespace\"");
            var eof = NewRule("EOF");

            var _ = new RuleRef(ws);
            var wsOpt = new Opt(new RuleRef(ws));

            Input.Expr = new Choice(
                Act(new Seq(wsOpt, new Lit("("), wsOpt, new RuleRef(or), wsOpt, new Lit(")"), wsOpt, new RuleRef(eof)), v => Item(v, 3)),
                Act(new Seq(wsOpt, new RuleRef(or), wsOpt, new RuleRef(eof)), v => Item(v, 1)));

            or.Expr = new Choice(
                Act(new Seq(new RuleRef(and), _, new Lit("or"), _, new RuleRef(or)), v => new FilterOrNode(Node(v, 0), Node(v, 4))),
                Act(new RuleRef(and), v => v));

            and.Expr = new Choice(
                Act(new Seq(new RuleRef(not), _, new Lit("and"), _, new RuleRef(and)), v => new FilterAndNode(Node(v, 0), Node(v, 4))),
                Act(new RuleRef(not), v => v));

            not.Expr = new Choice(
                Act(new Seq(new Lit("not"), _, new RuleRef(not)), v => Node(v, 2) is FilterNotNode inner ? inner.Operand : new FilterNotNode(Node(v, 2))),
                Act(new RuleRef(paren), v => v));

            paren.Expr = new Choice(
                Act(new Seq(new Lit("("), wsOpt, new RuleRef(or), wsOpt, new Lit(")")), v => Item(v, 2)),
                Act(new RuleRef(match), v => v),
                new Seq(new Lit("("), wsOpt, new RuleRef(or), wsOpt, new NotPredicate(new Lit(")")), new Fail("Unmatched parentheses")));

            match.Expr = new Choice(new RuleRef(selectorOpValue), new RuleRef(selectorOp), new RuleRef(valueOpSelector));

            selectorOpValue.Expr = Act(
                new Seq(
                    new RuleRef(selector),
                    new Choice(new RuleRef(equal), new RuleRef(notEqual), new RuleRef(contains), new RuleRef(notContains), new RuleRef(matches), new RuleRef(notMatches)),
                    new RuleRef(value)),
                v => new FilterMatchNode((string[])Item(v, 0)!, (FilterMatchOperator)Item(v, 1)!, (string)Item(v, 2)!));

            selectorOp.Expr = Act(
                new Seq(new RuleRef(selector), new Choice(new RuleRef(isEmpty), new RuleRef(isNotEmpty))),
                v => new FilterMatchNode((string[])Item(v, 0)!, (FilterMatchOperator)Item(v, 1)!, null));

            valueOpSelector.Expr = new Choice(
                Act(
                    new Seq(new RuleRef(value), new Choice(new RuleRef(inOp), new RuleRef(notIn)), new RuleRef(selector)),
                    v => new FilterMatchNode((string[])Item(v, 2)!, (FilterMatchOperator)Item(v, 1)!, (string)Item(v, 0)!)),
                new Seq(new RuleRef(value), new Choice(new RuleRef(inOp), new RuleRef(notIn)), new NotPredicate(new RuleRef(selector)), new Fail("Invalid selector")));

            equal.Expr = Op(new Seq(wsOpt, new Lit("=="), wsOpt), FilterMatchOperator.Equal);
            notEqual.Expr = Op(new Seq(wsOpt, new Lit("!="), wsOpt), FilterMatchOperator.NotEqual);
            isEmpty.Expr = Op(new Seq(_, new Lit("is"), _, new Lit("empty")), FilterMatchOperator.IsEmpty);
            isNotEmpty.Expr = Op(new Seq(_, new Lit("is"), _, new Lit("not"), _, new Lit("empty")), FilterMatchOperator.IsNotEmpty);
            inOp.Expr = Op(new Seq(_, new Lit("in"), _), FilterMatchOperator.In);
            notIn.Expr = Op(new Seq(_, new Lit("not"), _, new Lit("in"), _), FilterMatchOperator.NotIn);
            contains.Expr = Op(new Seq(_, new Lit("contains"), _), FilterMatchOperator.In);
            notContains.Expr = Op(new Seq(_, new Lit("not"), _, new Lit("contains"), _), FilterMatchOperator.NotIn);
            matches.Expr = Op(new Seq(_, new Lit("matches"), _), FilterMatchOperator.Matches);
            notMatches.Expr = Op(new Seq(_, new Lit("not"), _, new Lit("matches"), _), FilterMatchOperator.NotMatches);

            selector.Expr = Act(
                new Seq(new RuleRef(identifier), new Star(new RuleRef(selectorOrIndex))),
                v =>
                {
                    var parts = new List<string> { (string)Item(v, 0)! };
                    if (Item(v, 1) is List<object?> rest)
                    {
                        parts.AddRange(rest.Select(p => (string)p!));
                    }

                    return parts.ToArray();
                });

            identifier.Expr = new Action(
                new Seq(new Cls("[a-zA-Z]", IsAsciiLetter), new Star(new Cls("[a-zA-Z0-9_]", r => IsAsciiLetter(r) || r is (>= '0' and <= '9') or '_'))),
                Text);

            selectorOrIndex.Expr = new Choice(
                Act(new Seq(new Lit("."), new RuleRef(identifier)), v => Item(v, 1)),
                Act(new RuleRef(index), v => v));

            index.Expr = new Choice(
                Act(new Seq(new Lit("["), wsOpt, new RuleRef(stringLiteral), wsOpt, new Lit("]")), v => Item(v, 2)),
                new Seq(new Lit("["), wsOpt, new NotPredicate(new RuleRef(stringLiteral)), new Fail("Invalid index")),
                new Seq(new Lit("["), wsOpt, new RuleRef(stringLiteral), wsOpt, new NotPredicate(new Lit("]")), new Fail("Unclosed index expression")));

            value.Expr = new Choice(
                Act(new RuleRef(selector), v => string.Join('.', (string[])v!)),
                Act(new RuleRef(number), v => v),
                Act(new RuleRef(stringLiteral), v => v));

            number.Expr = new Choice(
                new Action(new Seq(new Opt(new Lit("-")), new RuleRef(integerOrFloat), new AndPredicate(new RuleRef(afterNumbers))), Text),
                new Seq(new Opt(new Lit("-")), new RuleRef(integerOrFloat), new NotPredicate(new RuleRef(afterNumbers)), new Fail("Invalid number literal")));

            afterNumbers.Expr = new AndPredicate(new Choice(_, new RuleRef(eof), new Lit(")")));

            var digit = new Cls("[0-9]", r => r is >= '0' and <= '9');
            integerOrFloat.Expr = new Seq(
                new Choice(new Lit("0"), new Seq(new Cls("[1-9]", r => r is >= '1' and <= '9'), new Star(digit))),
                new Opt(new Seq(new Lit("."), new Plus(digit))));

            var rawBody = new Seq(new Lit("`"), new Star(new RuleRef(rawStringChar)));
            var doubleBody = new Seq(new Lit("\""), new Star(new RuleRef(doubleStringChar)));
            stringLiteral.Expr = new Choice(
                new Action(
                    new Choice(
                        new Seq(new Lit("`"), new Star(new RuleRef(rawStringChar)), new Lit("`")),
                        new Seq(new Lit("\""), new Star(new RuleRef(doubleStringChar)), new Lit("\""))),
                    Unquote),
                new Seq(new Choice(rawBody, doubleBody), new RuleRef(eof), new Fail("Unterminated string literal")));

            rawStringChar.Expr = new Seq(new NotPredicate(new Lit("`")), new AnyChar());
            doubleStringChar.Expr = new Seq(new NotPredicate(new Lit("\"")), new AnyChar());
            ws.Expr = new Plus(new Cls("[ \\t\\r\\n]", r => r is ' ' or '\t' or '\r' or '\n'));
            eof.Expr = new NotPredicate(new AnyChar());
        }

        public Rule Input { get; }

        private Rule NewRule(string name, string? displayName = null, bool memoize = false) => new(_next++, name, displayName, memoize);

        private static Action Act(Pe inner, Func<object?, object?> run) =>
            new(inner, (object? v, string _, out string? error) =>
            {
                error = null;
                return run(v);
            });

        private static Action Op(Pe inner, FilterMatchOperator op) => Act(inner, _ => op);

        private static string Text(object? inner, string text, out string? error)
        {
            error = null;
            return text;
        }

        private static string Unquote(object? inner, string text, out string? error)
        {
            if (GoStrconv.TryUnquote(text, out var unquoted))
            {
                error = null;
                return unquoted;
            }

            error = "invalid syntax";
            return string.Empty;
        }

        private static bool IsAsciiLetter(int r) => r is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

        private static object? Item(object? seq, int index) => ((object?[])seq!)[index];

        private static FilterNode Node(object? seq, int index) => (FilterNode)Item(seq, index)!;
    }
}
