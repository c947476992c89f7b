namespace ConsulSharp.Hcl;

internal enum HclTokenKind
{
    Eof,
    Ident,
    String,
    Heredoc,
    Number,
    Float,
    Assign,
    Comma,
    LBrace,
    RBrace,
    LBrack,
    RBrack,
}
