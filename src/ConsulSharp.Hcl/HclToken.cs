namespace ConsulSharp.Hcl;

/// <summary>One lexical token. <see cref="Text"/> is the source text; <see cref="Value"/> the decoded string for strings and heredocs.</summary>
internal readonly record struct HclToken(HclTokenKind Kind, string Text, string Value, int Line, int Column)
{
    /// <summary>HCL1's token-type name, used in error messages (<c>IDENT</c>, <c>STRING</c>, ...).</summary>
    public string KindName => Kind switch
    {
        HclTokenKind.Eof => "EOF",
        HclTokenKind.Ident => "IDENT",
        HclTokenKind.String => "STRING",
        HclTokenKind.Heredoc => "HEREDOC",
        HclTokenKind.Number => "NUMBER",
        HclTokenKind.Float => "FLOAT",
        HclTokenKind.Assign => "ASSIGN",
        HclTokenKind.Comma => "COMMA",
        HclTokenKind.LBrace => "LBRACE",
        HclTokenKind.RBrace => "RBRACE",
        HclTokenKind.LBrack => "LBRACK",
        HclTokenKind.RBrack => "RBRACK",
        _ => Kind.ToString().ToUpperInvariant(),
    };
}
