namespace ConsulSharp.Server.Fsm;

/// <summary>ACL commands answer true (an FSM answer must have a wire form); the proposer reads the stored rows back.</summary>
public sealed partial class ConsulFsm
{
    private bool ApplyAclBootstrap(ulong index, ReadOnlySpan<byte> payload)
    {
        var c = CommandCodec.Decode(payload, FsmJsonContext.Default.AclBootstrapCommand);
        _state.AclBootstrap(index, c.Token, c.ResetIndex);
        return true;
    }

    private bool ApplyAclTokenSet(ulong index, ReadOnlySpan<byte> payload)
    {
        _state.AclTokenSet(index, CommandCodec.Decode(payload, FsmJsonContext.Default.AclTokenSetCommand).Tokens);
        return true;
    }

    private bool ApplyAclTokenDelete(ulong index, ReadOnlySpan<byte> payload)
    {
        _state.AclTokenDelete(index, CommandCodec.Decode(payload, FsmJsonContext.Default.AclDeleteCommand).Ids);
        return true;
    }

    private bool ApplyAclPolicySet(ulong index, ReadOnlySpan<byte> payload)
    {
        _state.AclPolicySet(index, CommandCodec.Decode(payload, FsmJsonContext.Default.AclPolicySetCommand).Policies);
        return true;
    }

    private bool ApplyAclPolicyDelete(ulong index, ReadOnlySpan<byte> payload)
    {
        _state.AclPolicyDelete(index, CommandCodec.Decode(payload, FsmJsonContext.Default.AclDeleteCommand).Ids);
        return true;
    }

    private bool ApplyAclRoleSet(ulong index, ReadOnlySpan<byte> payload)
    {
        _state.AclRoleSet(index, CommandCodec.Decode(payload, FsmJsonContext.Default.AclRoleSetCommand).Roles);
        return true;
    }

    private bool ApplyAclRoleDelete(ulong index, ReadOnlySpan<byte> payload)
    {
        _state.AclRoleDelete(index, CommandCodec.Decode(payload, FsmJsonContext.Default.AclDeleteCommand).Ids);
        return true;
    }
}
