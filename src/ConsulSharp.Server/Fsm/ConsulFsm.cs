using ConsulSharp.Core.Structs;
using ConsulSharp.Raft;
using ConsulSharp.State;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Fsm;

/// <summary>
/// The replicated state machine: one table from <see cref="MessageType"/> to its apply function over the
/// <see cref="StateStore"/>. Called by Raft's apply loop only, in log order, so it is the store's single writer.
/// Validation failures of a command (a missing node, a bad session) are returned as the response, as Consul's FSM
/// does; a command it cannot decode or does not know stops the server (a newer log on an older binary, or corruption).
/// </summary>
public sealed partial class ConsulFsm : IStateMachine
{
    private readonly StateStore _state;
    private readonly ILogger _log;

    public ConsulFsm(StateStore state, ILogger log)
    {
        _state = state;
        _log = log;
    }

    public StateStore State => _state;

    public object? Apply(ulong index, ulong term, ReadOnlyMemory<byte> command)
    {
        if (command.Length == 0)
        {
            throw new InvalidDataException($"empty command at index {index}");
        }

        var type = (MessageType)command.Span[0];
        var payload = command.Span[1..];
        try
        {
            return type switch
            {
                MessageType.Register => ApplyRegister(index, payload),
                MessageType.Deregister => ApplyDeregister(index, payload),
                MessageType.Kvs => ApplyKvs(index, payload),
                MessageType.Session => ApplySession(index, payload),
                MessageType.Tombstone => ApplyTombstone(index, payload),
                MessageType.Txn => ApplyTxn(index, payload),
                MessageType.PreparedQuery => ApplyPreparedQuery(index, payload),
                MessageType.CoordinateBatchUpdate => ApplyCoordinates(index, payload),
                MessageType.Autopilot => ApplyAutopilot(index, payload),
                MessageType.AclBootstrap => ApplyAclBootstrap(index, payload),
                MessageType.AclTokenSet => ApplyAclTokenSet(index, payload),
                MessageType.AclTokenDelete => ApplyAclTokenDelete(index, payload),
                MessageType.AclPolicySet => ApplyAclPolicySet(index, payload),
                MessageType.AclPolicyDelete => ApplyAclPolicyDelete(index, payload),
                MessageType.AclRoleSet => ApplyAclRoleSet(index, payload),
                MessageType.AclRoleDelete => ApplyAclRoleDelete(index, payload),
                _ => throw new InvalidDataException($"failed to apply request: unknown message type {(byte)type} at index {index}"),
            };
        }
        catch (StateStoreException ex)
        {
            return new FsmError(ex.Message);
        }
        catch (PreparedQueries.PreparedQueryException ex)
        {
            return new FsmError(ex.Message);
        }
        catch (System.Text.Json.JsonException ex)
        {
            LogUndecodable(_log, index, type.ToString());
            throw new InvalidDataException($"failed to decode {type} command at index {index}: {ex.Message}", ex);
        }
    }

    public IStateMachineSnapshot CreateSnapshot() => new Snapshot(_state.Current);

    public void Restore(Stream snapshot) => _state.Restore(snapshot);

    private object? ApplyRegister(ulong index, ReadOnlySpan<byte> payload)
    {
        _state.Register(index, CommandCodec.Decode(payload, FsmJsonContext.Default.CatalogRegistration));
        return null;
    }

    private object? ApplyDeregister(ulong index, ReadOnlySpan<byte> payload)
    {
        var c = CommandCodec.Decode(payload, FsmJsonContext.Default.DeregisterCommand);
        if (c.ServiceId.Length > 0)
        {
            _state.DeregisterService(index, c.Node, c.ServiceId);
        }
        else if (c.CheckId.Length > 0)
        {
            _state.DeregisterCheck(index, c.Node, c.CheckId);
        }
        else
        {
            _state.DeregisterNode(index, c.Node);
        }

        return null;
    }

    private object? ApplyKvs(ulong index, ReadOnlySpan<byte> payload)
    {
        var c = CommandCodec.Decode(payload, FsmJsonContext.Default.KvsCommand);
        return c.Op switch
        {
            "set" => _state.KvSet(index, c.Entry) is not null,
            "cas" => _state.KvSetCas(index, c.Entry),
            // Lock-delay is checked by the KV endpoint before proposing (it is local, unreplicated state, as in
            // Consul); applying never consults a clock, so replaying the log gives the same result everywhere.
            "lock" => _state.KvLock(index, c.Entry),
            "unlock" => _state.KvUnlock(index, c.Entry),
            "delete" => Done(() => _state.KvDelete(index, c.Entry.Key)),
            "delete-cas" => _state.KvDeleteCas(index, c.Entry.Key, c.Entry.ModifyIndex),
            "delete-tree" => Done(() => _state.KvDeleteTree(index, c.Entry.Key)),
            _ => new FsmError($"Invalid KVS operation '{c.Op}'"),
        };
    }

    private object? ApplySession(ulong index, ReadOnlySpan<byte> payload)
    {
        var c = CommandCodec.Decode(payload, FsmJsonContext.Default.SessionCommand);
        switch (c.Op)
        {
            case "create":
                return _state.SessionCreate(index, c.Session).Id;
            case "destroy":
                _state.SessionDestroy(index, c.Session.Id);
                return true;
            default:
                return new FsmError($"Invalid Session operation '{c.Op}'");
        }
    }

    private object? ApplyTombstone(ulong index, ReadOnlySpan<byte> payload)
    {
        var c = CommandCodec.Decode(payload, FsmJsonContext.Default.TombstoneCommand);
        _state.ReapTombstones(index, c.ReapIndex);
        return null;
    }

    private TxnResponse ApplyTxn(ulong index, ReadOnlySpan<byte> payload)
    {
        var c = CommandCodec.Decode(payload, FsmJsonContext.Default.TxnCommand);
        return _state.Txn(index, c.Ops.Select(o => o.ToOp()).ToList());
    }

    private object? ApplyPreparedQuery(ulong index, ReadOnlySpan<byte> payload)
    {
        var c = CommandCodec.Decode(payload, FsmJsonContext.Default.PreparedQueryCommand);
        switch (c.Op)
        {
            case "create" or "update":
                PreparedQueries.PreparedQueryRows.CheckWrite(_state.Current, c.Query);
                return _state.PreparedQuerySet(index, c.Query).Id;
            case "delete":
                _state.PreparedQueryDelete(index, c.Query.Id);
                return c.Query.Id;
            default:
                return new FsmError($"Unknown prepared query operation: {c.Op}");
        }
    }

    private object? ApplyCoordinates(ulong index, ReadOnlySpan<byte> payload)
    {
        _state.CoordinateBatchUpdate(index, CommandCodec.Decode(payload, FsmJsonContext.Default.CoordinateBatchCommand).Updates);
        return null;
    }

    private bool ApplyAutopilot(ulong index, ReadOnlySpan<byte> payload)
    {
        var c = CommandCodec.Decode(payload, FsmJsonContext.Default.AutopilotCommand);
        if (c.Cas)
        {
            return _state.AutopilotCasConfig(index, c.Config, c.Config.ModifyIndex);
        }

        _state.AutopilotSetConfig(index, c.Config);
        return true;
    }

    private static bool Done(Action action)
    {
        action();
        return true;
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "failed to decode command: index={Index} type={Type}")]
    private static partial void LogUndecodable(ILogger logger, ulong index, string type);

    private sealed class Snapshot(StateSnapshot version) : IStateMachineSnapshot
    {
        public Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
        {
            StateStore.WriteSnapshot(version, destination);
            return Task.CompletedTask;
        }

        public void Dispose()
        {
        }
    }
}
