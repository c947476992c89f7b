using System.Net;
using ConsulSharp.Contracts.Agent;
using ConsulSharp.Core.Filter;

namespace ConsulSharp.Http.Filters;

/// <summary>
/// The <c>?filter</c> schema of <c>/v1/agent/members</c>: Consul filters the <c>[]serf.Member</c> it returns, so the
/// selectors are serf.Member's fields with their Go kinds (<c>Addr</c> is a <c>net.IP</c>, a byte list; <c>Status</c>
/// the MemberStatus integer: 1 alive, 2 leaving, 3 left, 4 failed).
/// </summary>
internal static class MemberFilters
{
    public static readonly FilterSchema<Member> Member = FilterSchema.Create<Member>(s => s
        .String("Name", m => m.Name)
        .Field<IReadOnlyList<byte>?>("Addr", m => AddressBytes(m.Addr), FilterType.List(FilterType.Unsigned<byte>(8)))
        .UInt("Port", m => (ulong)m.Port, 16)
        .StringMap("Tags", m => m.Tags)
        .Int("Status", m => m.Status)
        .UInt("ProtocolMin", m => (ulong)m.ProtocolMin, 8)
        .UInt("ProtocolMax", m => (ulong)m.ProtocolMax, 8)
        .UInt("ProtocolCur", m => (ulong)m.ProtocolCur, 8)
        .UInt("DelegateMin", m => (ulong)m.DelegateMin, 8)
        .UInt("DelegateMax", m => (ulong)m.DelegateMax, 8)
        .UInt("DelegateCur", m => (ulong)m.DelegateCur, 8));

    // serf.Member.Addr is memberlist's net.IP built from the alive message's bytes: 4 for IPv4, 16 for IPv6.
    private static byte[]? AddressBytes(string address) =>
        IPAddress.TryParse(address, out var ip) ? ip.GetAddressBytes() : null;
}
