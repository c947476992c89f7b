using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;

namespace ConsulSharp.Server.Endpoints;

public sealed partial class AclService
{
    public Task<QueryResponse<AclRoleView?>> GetRoleAsync(string id, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => new QueryResult<AclRoleView?>(s.AclRoleById(id, ws).Index, RoleView(s, s.AclRoleById(id).Value, ws)), cancellationToken);

    public Task<QueryResponse<AclRoleView?>> GetRoleByNameAsync(string name, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => new QueryResult<AclRoleView?>(s.AclRoleByName(name, ws).Index, RoleView(s, s.AclRoleByName(name).Value, ws)), cancellationToken);

    public Task<QueryResponse<IReadOnlyList<AclRoleView>>> ListRolesAsync(string? policyId, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) =>
        {
            var roles = s.AclRoles(policyId, ws);
            IReadOnlyList<AclRoleView> views = roles.Value.Select(r => RoleView(s, r, ws)!).ToList();
            return new QueryResult<IReadOnlyList<AclRoleView>>(roles.Index, views);
        }, cancellationToken);

    /// <summary>Consul's <c>ACL.RoleSet</c>: an empty ID creates.</summary>
    public async Task<AclRoleView> SetRoleAsync(AclRoleRequest request, CancellationToken cancellationToken)
    {
        if (request.Name.Length == 0)
        {
            throw ConsulException.Internal("Invalid Role: no Name is set");
        }

        if (!RoleNameRegex().IsMatch(request.Name))
        {
            throw ConsulException.Internal("Invalid Role: invalid Name. Only alphanumeric characters, '-' and '_' are allowed");
        }

        var state = _server.State.Current;
        var id = request.Id;
        if (id.Length == 0)
        {
            id = NewId();
            if (state.AclRoleByName(request.Name).Value is not null)
            {
                throw ConsulException.Internal($"Invalid Role: A Role with Name \"{request.Name}\" already exists");
            }
        }
        else
        {
            if (!IsUuid(id))
            {
                throw ConsulException.Internal("Role ID invalid UUID");
            }

            if (state.AclRoleById(id).Value is not { } existing)
            {
                throw ConsulException.Internal($"cannot find role {id}");
            }

            if (!string.Equals(existing.Name, request.Name, StringComparison.OrdinalIgnoreCase) && state.AclRoleByName(request.Name).Value is not null)
            {
                throw ConsulException.Internal($"Invalid Role: A role with name \"{request.Name}\" already exists");
            }

            id = existing.Id;
        }

        var role = WithHash(new AclRole
        {
            Id = id,
            Name = request.Name,
            Description = request.Description,
            Policies = ResolvePolicyLinks(state, request.Policies, checkIds: true),
            ServiceIdentities = CheckServiceIdentities(request.ServiceIdentities, local: false, "role"),
            NodeIdentities = CheckNodeIdentities(request.NodeIdentities, "role"),
        });
        await ApplyAsync(CommandCodec.AclRoleSet(new AclRoleSetCommand { Roles = [role] }), "Failed to apply role upsert request", cancellationToken).ConfigureAwait(false);
        var now = _server.State.Current;
        return RoleView(now, now.AclRoleById(id).Value, null) ?? throw ConsulException.Internal("Failed to retrieve the role after insertion");
    }

    /// <summary>Consul's <c>ACL.RoleDelete</c>; deleting a missing role succeeds.</summary>
    public async Task DeleteRoleAsync(string id, CancellationToken cancellationToken)
    {
        if (_server.State.Current.AclRoleById(id).Value is not { } role)
        {
            return;
        }

        await ApplyAsync(CommandCodec.AclRoleDelete(new AclDeleteCommand { Ids = [role.Id] }), "Failed to apply role delete request", cancellationToken).ConfigureAwait(false);
    }
}
