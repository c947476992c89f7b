using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Serf;

/// <summary>Internal <c>_serf_*</c> queries: ping, conflict, and pool-wide key management (install/use/remove/list).</summary>
public sealed partial class SerfPool
{
    private const string InternalQueryPrefix = "_serf_";

    /// <summary>Installs a base64 key on every member (as a secondary key).</summary>
    public Task<KeyOperationResult> InstallKeyAsync(string key, CancellationToken cancellationToken = default) => KeyOperationAsync("install-key", key, cancellationToken);

    /// <summary>Makes an installed base64 key the primary on every member.</summary>
    public Task<KeyOperationResult> UseKeyAsync(string key, CancellationToken cancellationToken = default) => KeyOperationAsync("use-key", key, cancellationToken);

    /// <summary>Removes a (non-primary) base64 key from every member.</summary>
    public Task<KeyOperationResult> RemoveKeyAsync(string key, CancellationToken cancellationToken = default) => KeyOperationAsync("remove-key", key, cancellationToken);

    /// <summary>Lists the keys installed across the pool with how many members have each.</summary>
    public Task<KeyOperationResult> ListKeysAsync(CancellationToken cancellationToken = default) => KeyOperationAsync("list-keys", null, cancellationToken);

    private async Task<KeyOperationResult> KeyOperationAsync(string operation, string? key, CancellationToken cancellationToken)
    {
        var w = new MsgWriter();
        w.WriteByte((byte)SerfMessageType.KeyRequest);
        w.WriteMapHeader(1);
        w.WriteString("Key");
        if (key is null)
        {
            w.WriteNil();
        }
        else
        {
            w.WriteRaw(Convert.FromBase64String(key));
        }

        int numNodes;
        lock (_gate)
        {
            numNodes = _members.Values.Count(m => m.Status == MemberStatus.Alive);
        }

        var result = await QueryAsync(InternalQueryPrefix + operation, w.ToArray(), null, cancellationToken);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var primaries = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (from, payload) in result.Responses)
        {
            if (payload.Length == 0 || payload[0] != (byte)SerfMessageType.KeyResponse)
            {
                errors[from] = "invalid key response";
                continue;
            }

            SerfKeyResponse response;
            try
            {
                var r = new MsgReader(payload.AsSpan(1));
                response = SerfKeyResponse.Decode(ref r);
            }
            catch (GossipFormatException ex)
            {
                errors[from] = ex.Message;
                continue;
            }

            if (!response.Result)
            {
                errors[from] = response.Message;
            }

            foreach (var k in response.Keys)
            {
                keys[k] = keys.GetValueOrDefault(k) + 1;
            }

            if (response.PrimaryKey.Length > 0)
            {
                primaries[response.PrimaryKey] = primaries.GetValueOrDefault(response.PrimaryKey) + 1;
            }
        }

        return new KeyOperationResult(numNodes, result.Responses.Count, errors, keys, primaries);
    }

    private async Task HandleInternalQueryAsync(QueryEvent query, CancellationToken cancellationToken)
    {
        try
        {
            var name = query.Name[InternalQueryPrefix.Length..];
            switch (name)
            {
                case "ping":
                    return;
                case "conflict":
                    {
                        var node = System.Text.Encoding.UTF8.GetString(query.Payload);
                        SerfMember? member;
                        lock (_gate)
                        {
                            member = _members.TryGetValue(node, out var m) ? m.Snapshot() : null;
                        }

                        if (member is not null)
                        {
                            await query.RespondAsync(EncodeConflictResponse(member), cancellationToken);
                        }

                        return;
                    }

                case "install-key" or "use-key" or "remove-key" or "list-keys":
                    await query.RespondAsync(HandleKeyRequest(name, query.Payload), cancellationToken);
                    return;
                default:
                    return;
            }
        }
        catch (Exception ex) when (ex is GossipFormatException or InvalidOperationException or ArgumentException or FormatException)
        {
            Log.InternalQueryFailed(_logger, query.Name, ex.Message);
        }
    }

    private byte[] HandleKeyRequest(string operation, byte[] payload)
    {
        var result = false;
        var message = string.Empty;
        var keys = new List<string>();
        var primary = string.Empty;
        if (_options.Keyring is not { } keyring)
        {
            message = "No keyring to modify (encryption not enabled)";
        }
        else
        {
            try
            {
                byte[]? key = null;
                if (payload.Length > 1 && payload[0] == (byte)SerfMessageType.KeyRequest)
                {
                    var r = new MsgReader(payload.AsSpan(1));
                    var n = r.ReadMapHeader();
                    for (var i = 0; i < n; i++)
                    {
                        if (r.ReadString() == "Key")
                        {
                            key = r.ReadBytesOrNull();
                        }
                        else
                        {
                            r.Skip();
                        }
                    }
                }

                switch (operation)
                {
                    case "install-key":
                        keyring.AddKey(key ?? throw new ArgumentException("missing key"));
                        break;
                    case "use-key":
                        keyring.UseKey(key ?? throw new ArgumentException("missing key"));
                        break;
                    case "remove-key":
                        keyring.RemoveKey(key ?? throw new ArgumentException("missing key"));
                        break;
                    default:
                        break;
                }

                keys.AddRange(keyring.Keys.Select(Convert.ToBase64String));
                primary = Convert.ToBase64String(keyring.PrimaryKey);
                result = true;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or GossipFormatException)
            {
                message = ex.Message;
            }
        }

        return Encode(SerfMessageType.KeyResponse, new SerfKeyResponse(result, message, keys, primary).Encode);
    }

    private static byte[] EncodeConflictResponse(SerfMember member)
    {
        var w = new MsgWriter();
        w.WriteByte((byte)SerfMessageType.ConflictResponse);
        w.WriteMapHeader(11);
        w.WriteString("Addr");
        w.WriteRaw(Membership.Memberlist.AddressBytes(member.Address));
        w.WriteString("DelegateCur");
        w.WriteUInt(member.DelegateCur);
        w.WriteString("DelegateMax");
        w.WriteUInt(member.DelegateMax);
        w.WriteString("DelegateMin");
        w.WriteUInt(member.DelegateMin);
        w.WriteString("Name");
        w.WriteString(member.Name);
        w.WriteString("Port");
        w.WriteUInt((ulong)member.Port);
        w.WriteString("ProtocolCur");
        w.WriteUInt(member.ProtocolCur);
        w.WriteString("ProtocolMax");
        w.WriteUInt(member.ProtocolMax);
        w.WriteString("ProtocolMin");
        w.WriteUInt(member.ProtocolMin);
        w.WriteString("Status");
        w.WriteInt((int)member.Status);
        w.WriteString("Tags");
        w.WriteMapHeader(member.Tags.Count);
        foreach (var (k, v) in member.Tags)
        {
            w.WriteString(k);
            w.WriteString(v);
        }

        return w.ToArray();
    }
}
