using System.Text.Json;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Server.Rpc.Wire;
using Google.Protobuf;

namespace ConsulSharp.Server.Rpc;

/// <summary>The FSM's answers (nothing, a bool, a session ID, a transaction result, a validation error) on the wire.</summary>
internal static class ApplyCodec
{
    public static ApplyReply Encode(ulong index, object? response) => response switch
    {
        null => new ApplyReply { Index = index, None = true },
        bool b => new ApplyReply { Index = index, BoolValue = b },
        string s => new ApplyReply { Index = index, StringValue = s },
        TxnResponse t => new ApplyReply { Index = index, TxnJson = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(t, RpcJsonContext.Default.TxnResponse)) },
        FsmError e => new ApplyReply { Index = index, FsmError = e.Message },
        _ => throw new InvalidOperationException($"FSM answer of type {response.GetType().Name} has no wire form"),
    };

    public static object? Decode(ApplyReply reply) => reply.ResultCase switch
    {
        ApplyReply.ResultOneofCase.BoolValue => reply.BoolValue,
        ApplyReply.ResultOneofCase.StringValue => reply.StringValue,
        ApplyReply.ResultOneofCase.TxnJson => JsonSerializer.Deserialize(reply.TxnJson.Span, RpcJsonContext.Default.TxnResponse),
        ApplyReply.ResultOneofCase.FsmError => new FsmError(reply.FsmError),
        _ => null,
    };
}
