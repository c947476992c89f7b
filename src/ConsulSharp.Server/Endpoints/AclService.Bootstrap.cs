using ConsulSharp.Acl;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;

namespace ConsulSharp.Server.Endpoints;

public sealed partial class AclService
{
    /// <summary>Consul's <c>ACL.BootstrapTokens</c>: creates the first management token once (again only with the
    /// reset index written to <c>&lt;data-dir&gt;/acl-bootstrap-reset</c>). Refusals are PermissionDenied with
    /// <c>Permission denied: ACL bootstrap no longer allowed (reset index: N)</c>.</summary>
    public async Task<AclTokenView> BootstrapAsync(string? bootstrapSecret, CancellationToken cancellationToken)
    {
        var (allowed, resetIndex) = _server.State.Current.CanBootstrapAcl();
        ulong specified = 0;
        if (!allowed)
        {
            specified = ReadResetIndex();
            if (specified == 0)
            {
                throw new ConsulException(ConsulErrorKind.PermissionDenied, $"{Errors.PermissionDenied}: ACL bootstrap no longer allowed (reset index: {resetIndex})");
            }

            if (specified != resetIndex)
            {
                throw ConsulException.Internal($"Invalid bootstrap reset index (specified {specified}, reset index: {resetIndex})");
            }
        }

        DeleteResetFile();
        await EnsureBuiltinPoliciesAsync(cancellationToken).ConfigureAwait(false);
        var secret = string.IsNullOrEmpty(bootstrapSecret) ? NewId() : bootstrapSecret;
        if (!IsUuid(secret))
        {
            throw ConsulException.Internal("Invalid bootstrap secret: not a valid UUID");
        }

        var token = WithHash(new AclToken
        {
            AccessorId = NewId(),
            SecretId = secret,
            Description = BuiltinPolicies.BootstrapTokenDescription,
            Policies = [BuiltinPolicies.GlobalManagementId],
            CreateTime = _server.Time.GetUtcNow(),
        });
        try
        {
            await _server.ApplyAsync(CommandCodec.AclBootstrap(new AclBootstrapCommand { Token = token, ResetIndex = specified }), cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulException ex) when (ex.Message.Contains(StateErrors.AclBootstrapNotAllowed, StringComparison.Ordinal))
        {
            var (_, now) = _server.State.Current.CanBootstrapAcl();
            throw new ConsulException(ConsulErrorKind.PermissionDenied, $"{Errors.PermissionDenied}: ACL bootstrap no longer allowed (reset index: {now})");
        }

        Log.BootstrapCompleted(_log);
        return View(_server.State.Current, token.AccessorId) ?? throw ConsulException.Internal("Failed to retrieve the token after insertion");
    }

    private ulong ReadResetIndex()
    {
        if (_server.Options.DataDir is not { Length: > 0 } dir)
        {
            return 0;
        }

        var path = Path.Combine(dir, BootstrapResetFile);
        try
        {
            var text = File.ReadAllText(path).Trim();
            return ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private void DeleteResetFile()
    {
        if (_server.Options.DataDir is { Length: > 0 } dir)
        {
            try
            {
                File.Delete(Path.Combine(dir, BootstrapResetFile));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.ResetFileNotRemoved(_log, ex.Message);
            }
        }
    }
}
