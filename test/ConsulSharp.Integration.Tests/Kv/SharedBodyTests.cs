using ConsulSharp.Http.Routing;

namespace ConsulSharp.Integration.Tests.Kv;

public sealed class SharedBodyTests
{
    private int _calls;

    private byte[] Serialize(string[] value, bool pretty)
    {
        _calls++;
        return System.Text.Encoding.UTF8.GetBytes((pretty ? "P:" : "C:") + string.Join(',', value));
    }

    [Fact]
    public void TheSameResultIsSerializedOncePerFormat()
    {
        var cache = new SharedBody<string[]>(static (a, b) => a.SequenceEqual(b));
        var result = new[] { "a", "b" };
        var first = cache.Get(result, pretty: false, Serialize);
        Assert.Same(first, cache.Get(result, pretty: false, Serialize));
        Assert.Same(first, cache.Get(["a", "b"], pretty: false, Serialize)); // equal by the endpoint's rule
        Assert.Equal(1, _calls);

        var pretty = cache.Get(result, pretty: true, Serialize);
        Assert.Equal("P:a,b", System.Text.Encoding.UTF8.GetString(pretty));
        Assert.Same(first, cache.Get(result, pretty: false, Serialize)); // formats have their own slot
        Assert.Equal(2, _calls);
        Assert.Equal(2, cache.Serialized);
    }

    [Fact]
    public void ADifferentResultGetsItsOwnBody()
    {
        var cache = new SharedBody<string[]>(static (a, b) => a.SequenceEqual(b));
        var a = cache.Get(["a"], pretty: false, Serialize);
        var b = cache.Get(["b"], pretty: false, Serialize);
        Assert.Equal("C:a", System.Text.Encoding.UTF8.GetString(a));
        Assert.Equal("C:b", System.Text.Encoding.UTF8.GetString(b));
        Assert.Equal("C:a", System.Text.Encoding.UTF8.GetString(cache.Get(["a"], pretty: false, Serialize)));
        Assert.Equal(3, _calls);
    }

    [Fact]
    public void HugeBodiesAreNotKept()
    {
        var cache = new SharedBody<string[]>(static (a, b) => a.SequenceEqual(b));
        var huge = new[] { new string('x', SharedBody<string[]>.MaxBytes) };
        var first = cache.Get(huge, pretty: false, Serialize);
        var second = cache.Get(huge, pretty: false, Serialize);
        Assert.NotSame(first, second);
        Assert.Equal(2, _calls);
    }
}
