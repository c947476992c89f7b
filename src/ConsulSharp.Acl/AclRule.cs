namespace ConsulSharp.Acl;

/// <summary>One segment rule of a resource (<c>key "foo" { policy = "read" }</c> or <c>key_prefix "foo" ...</c>).
/// <see cref="Intentions"/> is only carried for services (accepted, not enforced).</summary>
public sealed record AclRule(string Segment, AccessLevel Access, bool Prefix, AccessLevel Intentions = AccessLevel.Unknown);
