using ConsulSharp.Core.Structs;
using Microsoft.Extensions.Time.Testing;

namespace ConsulSharp.State.Tests;

/// <summary>A store on a fake clock plus helpers to register the usual fixtures.</summary>
internal sealed class TestStore
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public StateStore Store { get; }

    public TestStore()
    {
        Store = new StateStore(Time);
    }

    public StateSnapshot Snap => Store.Current;

    public static KvEntry Kv(string key, string? value = null, ulong flags = 0, string session = "", ulong modifyIndex = 0) => new()
    {
        Key = key,
        Value = value is null ? null : System.Text.Encoding.UTF8.GetBytes(value),
        Flags = flags,
        Session = session,
        ModifyIndex = modifyIndex,
    };

    public static string Str(KvEntry? e) => e?.Value is null ? "<null>" : System.Text.Encoding.UTF8.GetString(e.Value);

    public void Node(ulong index, string name, string address = "10.0.0.1", string id = "")
    {
        Store.EnsureNode(index, new Node { Name = name, Address = address, Id = id });
    }

    public void Service(ulong index, string node, string id, string name, params string[] tags)
    {
        Store.EnsureService(index, node, new ServiceInstance { Node = node, Id = id, Name = name, Tags = tags, Port = 80 });
    }

    public void Check(ulong index, string node, string checkId, string status, string serviceId = "")
    {
        Store.EnsureCheck(index, new HealthCheck { Node = node, CheckId = checkId, Name = checkId, Status = status, ServiceId = serviceId });
    }

    public Session Session(ulong index, string id, string node, string behavior = "", TimeSpan lockDelay = default, params string[] checks) =>
        Store.SessionCreate(index, new Session { Id = id, Node = node, Behavior = behavior, LockDelay = lockDelay, NodeChecks = checks });
}
