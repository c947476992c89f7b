using ConsulSharp.Agent.Local;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Checks;

/// <summary>
/// Alias check: mirrors the health of another service (and its node's checks), or of a node. A target on this agent is
/// watched in local state (re-evaluated on every local change); a target on another node is read from the catalog
/// through <paramref name="remoteChecks"/> once a second. Worst status wins; a missing service is critical.
/// </summary>
internal sealed class AliasCheck(CheckContext context, LocalState local, string localNode, Func<string, IReadOnlyList<HealthCheck>?>? remoteChecks)
    : CheckRunner(context)
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var def = Context.Definition;
        var isLocal = def.AliasNode.Length == 0 || string.Equals(def.AliasNode, localNode, StringComparison.OrdinalIgnoreCase);
        while (!cancellationToken.IsCancellationRequested)
        {
            var version = local.Version;
            IReadOnlyList<HealthCheck> checks;
            bool serviceExists;
            if (isLocal)
            {
                checks = local.Checks();
                serviceExists = def.AliasService.Length == 0 || local.Service(def.AliasService) is not null;
            }
            else
            {
                var remote = remoteChecks?.Invoke(def.AliasNode) ?? [];
                checks = remote;
                serviceExists = def.AliasService.Length == 0 || remote.Any(c => c.ServiceId == def.AliasService);
            }

            var (status, output) = Evaluate(checks, serviceExists, isLocal ? localNode : def.AliasNode);
            Context.Report(status, output);
            if (isLocal)
            {
                await local.WaitForChangeAsync(version, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(1), Context.Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal (string Status, string Output) Evaluate(IReadOnlyList<HealthCheck> checks, bool serviceExists, string node)
    {
        var def = Context.Definition;
        var status = HealthStatus.Passing;
        var output = "No checks found.";
        foreach (var c in checks)
        {
            if (c.CheckId == Context.CheckId)
            {
                continue;
            }

            // Service alias: the service's checks and its node's checks; node alias: node checks only.
            if (c.ServiceId.Length > 0 && c.ServiceId != def.AliasService)
            {
                continue;
            }

            if (c.Status is HealthStatus.Critical or HealthStatus.Warning)
            {
                if (status != HealthStatus.Critical)
                {
                    status = c.Status;
                    output = $"Aliased check \"{c.Name}\" failing: {c.Output}";
                }
            }
            else if (status == HealthStatus.Passing)
            {
                output = "All checks passing.";
            }
        }

        if (!serviceExists)
        {
            return (HealthStatus.Critical, $"Service {def.AliasService} could not be found on node {node}");
        }

        return (status, output);
    }
}
