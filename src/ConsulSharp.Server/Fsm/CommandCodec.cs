using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ConsulSharp.Server.Fsm;

/// <summary>Encodes a command as the Raft log stores it: one <see cref="MessageType"/> byte, then the JSON payload.</summary>
public static class CommandCodec
{
    public static byte[] Encode<T>(MessageType type, T payload, JsonTypeInfo<T> info)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.GetSpan(1)[0] = (byte)type;
        buffer.Advance(1);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, payload, info);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Kvs(KvsCommand c) => Encode(MessageType.Kvs, c, FsmJsonContext.Default.KvsCommand);

    public static byte[] Session(SessionCommand c) => Encode(MessageType.Session, c, FsmJsonContext.Default.SessionCommand);

    public static byte[] Register(Core.Structs.CatalogRegistration c) => Encode(MessageType.Register, c, FsmJsonContext.Default.CatalogRegistration);

    public static byte[] Deregister(DeregisterCommand c) => Encode(MessageType.Deregister, c, FsmJsonContext.Default.DeregisterCommand);

    public static byte[] Tombstone(TombstoneCommand c) => Encode(MessageType.Tombstone, c, FsmJsonContext.Default.TombstoneCommand);

    public static byte[] Txn(TxnCommand c) => Encode(MessageType.Txn, c, FsmJsonContext.Default.TxnCommand);

    public static byte[] PreparedQuery(PreparedQueryCommand c) => Encode(MessageType.PreparedQuery, c, FsmJsonContext.Default.PreparedQueryCommand);

    public static byte[] CoordinateBatchUpdate(CoordinateBatchCommand c) => Encode(MessageType.CoordinateBatchUpdate, c, FsmJsonContext.Default.CoordinateBatchCommand);
    public static byte[] Autopilot(AutopilotCommand c) => Encode(MessageType.Autopilot, c, FsmJsonContext.Default.AutopilotCommand);

    public static byte[] AclBootstrap(AclBootstrapCommand c) => Encode(MessageType.AclBootstrap, c, FsmJsonContext.Default.AclBootstrapCommand);

    public static byte[] AclTokenSet(AclTokenSetCommand c) => Encode(MessageType.AclTokenSet, c, FsmJsonContext.Default.AclTokenSetCommand);

    public static byte[] AclTokenDelete(AclDeleteCommand c) => Encode(MessageType.AclTokenDelete, c, FsmJsonContext.Default.AclDeleteCommand);

    public static byte[] AclPolicySet(AclPolicySetCommand c) => Encode(MessageType.AclPolicySet, c, FsmJsonContext.Default.AclPolicySetCommand);

    public static byte[] AclPolicyDelete(AclDeleteCommand c) => Encode(MessageType.AclPolicyDelete, c, FsmJsonContext.Default.AclDeleteCommand);

    public static byte[] AclRoleSet(AclRoleSetCommand c) => Encode(MessageType.AclRoleSet, c, FsmJsonContext.Default.AclRoleSetCommand);

    public static byte[] AclRoleDelete(AclDeleteCommand c) => Encode(MessageType.AclRoleDelete, c, FsmJsonContext.Default.AclDeleteCommand);

    public static T Decode<T>(ReadOnlySpan<byte> payload, JsonTypeInfo<T> info) =>
        JsonSerializer.Deserialize(payload, info) ?? throw new InvalidDataException($"empty {typeof(T).Name} payload");
}
