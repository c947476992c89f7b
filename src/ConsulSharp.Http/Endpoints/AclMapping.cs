using System.Globalization;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Endpoints;

namespace ConsulSharp.Http.Endpoints;

/// <summary>ACL rows to and from Consul's JSON shapes (the <c>Contracts.Acl</c> types the client and CLI share). Input
/// fields are read null-tolerantly: an explicit JSON <c>null</c> reads as Go's zero value.</summary>
internal static class AclMapping
{
    /// <summary>Go's <c>time.Time</c> JSON (RFC 3339 with trailing zeros of the fraction trimmed).</summary>
    public static string GoTime(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static AclTokenEntry Token(AclTokenView view, bool redactSecret) => new()
    {
        AccessorID = view.Token.AccessorId,
        SecretID = redactSecret ? AclService.RedactedSecret : view.Token.SecretId,
        Description = view.Token.Description,
        Policies = Links(view.Policies),
        Roles = Links(view.Roles),
        ServiceIdentities = ServiceIdentities(view.Token.ServiceIdentities),
        NodeIdentities = NodeIdentities(view.Token.NodeIdentities),
        Local = view.Token.Local,
        ExpirationTime = view.Token.ExpirationTime is { } e ? GoTime(e) : null,
        CreateTime = GoTime(view.Token.CreateTime),
        Hash = view.Token.Hash,
        CreateIndex = view.Token.CreateIndex,
        ModifyIndex = view.Token.ModifyIndex,
    };

    public static AclBootstrapDto Bootstrap(AclTokenView view) => new()
    {
        ID = view.Token.SecretId,
        AccessorID = view.Token.AccessorId,
        SecretID = view.Token.SecretId,
        Description = view.Token.Description,
        Policies = Links(view.Policies),
        Roles = Links(view.Roles),
        ServiceIdentities = ServiceIdentities(view.Token.ServiceIdentities),
        NodeIdentities = NodeIdentities(view.Token.NodeIdentities),
        Local = view.Token.Local,
        CreateTime = GoTime(view.Token.CreateTime),
        Hash = view.Token.Hash,
        CreateIndex = view.Token.CreateIndex,
        ModifyIndex = view.Token.ModifyIndex,
    };

    public static AclPolicyEntry Policy(AclPolicy p) => new()
    {
        ID = p.Id,
        Name = p.Name,
        Description = p.Description,
        Rules = p.Rules,
        Datacenters = p.Datacenters.Count == 0 ? null : [.. p.Datacenters],
        Hash = p.Hash,
        CreateIndex = p.CreateIndex,
        ModifyIndex = p.ModifyIndex,
    };

    public static AclPolicyListEntry PolicyStub(AclPolicy p) => new()
    {
        ID = p.Id,
        Name = p.Name,
        Description = p.Description,
        Datacenters = p.Datacenters.Count == 0 ? null : [.. p.Datacenters],
        Hash = p.Hash,
        CreateIndex = p.CreateIndex,
        ModifyIndex = p.ModifyIndex,
    };

    public static AclRoleEntry Role(AclRoleView view) => new()
    {
        ID = view.Role.Id,
        Name = view.Role.Name,
        Description = view.Role.Description,
        Policies = Links(view.Policies),
        ServiceIdentities = ServiceIdentities(view.Role.ServiceIdentities),
        NodeIdentities = NodeIdentities(view.Role.NodeIdentities),
        Hash = view.Role.Hash,
        CreateIndex = view.Role.CreateIndex,
        ModifyIndex = view.Role.ModifyIndex,
    };

    public static AclTokenRequest TokenRequest(AclTokenEntry dto) => new()
    {
        AccessorId = dto.AccessorID ?? "",
        SecretId = dto.SecretID ?? "",
        Description = dto.Description ?? "",
        Policies = InLinks(dto.Policies),
        Roles = InLinks(dto.Roles),
        ServiceIdentities = InServiceIdentities(dto.ServiceIdentities),
        NodeIdentities = InNodeIdentities(dto.NodeIdentities),
        Local = dto.Local,
        ExpirationTtl = Ttl(dto.ExpirationTTL),
        ExpirationTime = dto.ExpirationTime is { Length: > 0 } et ? Time(et) : null,
    };

    private static TimeSpan Ttl(System.Text.Json.JsonElement? value)
    {
        switch (value)
        {
            case null:
                return TimeSpan.Zero;
            case { ValueKind: System.Text.Json.JsonValueKind.Number } n when n.TryGetInt64(out var ns):
                return Core.GoDuration.FromNanoseconds(ns);
            case { ValueKind: System.Text.Json.JsonValueKind.String } s when Core.GoDuration.TryParseNanoseconds(s.GetString() ?? "", out var ns, out _):
                return Core.GoDuration.FromNanoseconds(ns);
            case { ValueKind: System.Text.Json.JsonValueKind.Null }:
                return TimeSpan.Zero;
            default:
                throw Core.Errors.ConsulException.BadRequest($"Token decoding failed: invalid ExpirationTTL {value}");
        }
    }

    private static DateTimeOffset Time(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t)
            ? t
            : throw Core.Errors.ConsulException.BadRequest($"Token decoding failed: parsing time \"{text}\" as RFC 3339");

    public static AclRoleRequest RoleRequest(AclRoleEntry dto) => new()
    {
        Id = dto.ID ?? "",
        Name = dto.Name ?? "",
        Description = dto.Description ?? "",
        Policies = InLinks(dto.Policies),
        ServiceIdentities = InServiceIdentities(dto.ServiceIdentities),
        NodeIdentities = InNodeIdentities(dto.NodeIdentities),
    };

    public static AclPolicy PolicyRow(AclPolicyEntry dto) => new()
    {
        Id = dto.ID ?? "",
        Name = dto.Name ?? "",
        Description = dto.Description ?? "",
        Rules = dto.Rules ?? "",
        Datacenters = dto.Datacenters ?? [],
    };

    private static List<AclLinkEntry>? Links(IReadOnlyList<AclLink> links) =>
        links.Count == 0 ? null : links.Select(l => new AclLinkEntry { ID = l.Id, Name = l.Name }).ToList();

    private static List<AclLink> InLinks(List<AclLinkEntry>? links) =>
        links?.Select(l => new AclLink(l.ID ?? "", l.Name ?? "")).ToList() ?? [];

    private static List<AclServiceIdentityEntry>? ServiceIdentities(IReadOnlyList<AclServiceIdentity> ids) =>
        ids.Count == 0 ? null : ids.Select(i => new AclServiceIdentityEntry { ServiceName = i.ServiceName, Datacenters = i.Datacenters.Count == 0 ? null : [.. i.Datacenters] }).ToList();

    private static List<AclNodeIdentityEntry>? NodeIdentities(IReadOnlyList<AclNodeIdentity> ids) =>
        ids.Count == 0 ? null : ids.Select(i => new AclNodeIdentityEntry { NodeName = i.NodeName, Datacenter = i.Datacenter }).ToList();

    private static List<AclServiceIdentity> InServiceIdentities(List<AclServiceIdentityEntry>? ids) =>
        ids?.Select(i => new AclServiceIdentity(i.ServiceName ?? "", i.Datacenters ?? [])).ToList() ?? [];

    private static List<AclNodeIdentity> InNodeIdentities(List<AclNodeIdentityEntry>? ids) =>
        ids?.Select(i => new AclNodeIdentity(i.NodeName ?? "", i.Datacenter ?? "")).ToList() ?? [];
}
