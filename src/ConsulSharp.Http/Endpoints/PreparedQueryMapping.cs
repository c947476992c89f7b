using ConsulSharp.Contracts.Query;
using ConsulSharp.Server.PreparedQueries;

namespace ConsulSharp.Http.Endpoints;

/// <summary>Wire DTOs of <c>/v1/query</c> to and from the server's <see cref="QueryDefinition"/>.</summary>
internal static class PreparedQueryMapping
{
    public static QueryDefinition FromDto(PreparedQueryDto d)
    {
        var s = d.Service ?? new ServiceQueryDto();
        return new QueryDefinition
        {
            Id = d.ID ?? "",
            Name = d.Name ?? "",
            Session = d.Session ?? "",
            Token = d.Token ?? "",
            Template = new QueryTemplateOptions
            {
                Type = d.Template?.Type ?? "",
                Regexp = d.Template?.Regexp ?? "",
                RemoveEmptyTags = d.Template?.RemoveEmptyTags ?? false,
            },
            Service = new ServiceQuery
            {
                Service = s.Service ?? "",
                Failover = new QueryFailoverOptions
                {
                    NearestN = s.Failover?.NearestN ?? 0,
                    Datacenters = s.Failover?.Datacenters,
                    Targets = s.Failover?.Targets?.Select(t => new QueryFailoverTarget { Peer = t.Peer ?? "", Datacenter = t.Datacenter ?? "" }).ToList(),
                },
                OnlyPassing = s.OnlyPassing,
                IgnoreCheckIds = s.IgnoreCheckIDs,
                Near = s.Near ?? "",
                Tags = s.Tags,
                NodeMeta = s.NodeMeta,
                ServiceMeta = s.ServiceMeta,
                Peer = s.Peer ?? "",
                Connect = s.Connect?.Enabled ?? false,
            },
            Dns = new QueryDnsOptions { Ttl = d.DNS?.TTL ?? "" },
        };
    }

    public static PreparedQueryDto ToDto(QueryDefinition q) => new()
    {
        ID = q.Id,
        Name = q.Name,
        Session = q.Session,
        Token = q.Token,
        Template = new QueryTemplateDto { Type = q.Template.Type, Regexp = q.Template.Regexp, RemoveEmptyTags = q.Template.RemoveEmptyTags },
        Service = new ServiceQueryDto
        {
            Service = q.Service.Service,
            Failover = new QueryFailoverDto
            {
                NearestN = q.Service.Failover.NearestN,
                Datacenters = q.Service.Failover.Datacenters?.ToList(),
                Targets = q.Service.Failover.Targets?.Select(t => new QueryFailoverTargetDto { Peer = t.Peer, Datacenter = t.Datacenter }).ToList(),
            },
            OnlyPassing = q.Service.OnlyPassing,
            IgnoreCheckIDs = q.Service.IgnoreCheckIds?.ToList(),
            Near = q.Service.Near,
            Tags = q.Service.Tags?.ToList(),
            NodeMeta = q.Service.NodeMeta?.ToDictionary(),
            ServiceMeta = q.Service.ServiceMeta?.ToDictionary(),
            Peer = q.Service.Peer,
            Connect = new QueryConnectDto { Enabled = q.Service.Connect },
        },
        DNS = new QueryDnsDto { TTL = q.Dns.Ttl },
        CreateIndex = q.CreateIndex,
        ModifyIndex = q.ModifyIndex,
    };
}
