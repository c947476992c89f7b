using ConsulSharp.Hcl;

namespace ConsulSharp.Hcl.Tests;

public sealed class HclJsonTests
{
    [Fact]
    public void ParsesAllValueKinds()
    {
        var n = HclJson.Parse("""{"s":"x\ny\u0041","i":-12,"f":1.5,"e":1e3,"b":true,"n":null,"l":[1,"a"],"o":{"k":false}}""");
        Assert.Equal("""{"s":"x\nyA","i":-12,"f":1.5,"e":1000,"b":true,"n":null,"l":[1,"a"],"o":{"k":false}}""", n.ToJson());
        var o = Assert.IsType<HclObject>(n);
        Assert.IsType<HclFloat>(o["e"]);
        Assert.IsType<HclInt>(o["i"]);
        Assert.IsType<HclNull>(o["n"]);
    }

    [Fact]
    public void ObjectsAreNotWrappedInLists() => Assert.Equal("""{"ports":{"http":1}}""", HclJson.Parse("""{"ports":{"http":1}}""").ToJson());

    [Fact]
    public void RepeatedKeyKeepsLast() => Assert.Equal("""{"a":2}""", HclJson.Parse("""{"a":1,"a":2}""").ToJson());

    [Fact]
    public void HugeIntegerBecomesFloat() => Assert.IsType<HclFloat>(((HclObject)HclJson.Parse("""{"a":99999999999999999999}"""))["a"]);

    [Theory]
    [InlineData("{\n  \"a\": 1,\n}", "At 3:1: invalid character '}' looking for beginning of object key string")]
    [InlineData("{\"a\" 1}", "At 1:6: invalid character '1' after object key")]
    [InlineData("{\"a\": 1 \"b\": 2}", "At 1:9: invalid character '\"' after object key:value pair")]
    [InlineData("{\"a\": [1 2]}", "At 1:10: invalid character '2' after array element")]
    [InlineData("{\"a\": tru}", "At 1:10: invalid character '}' in literal true (expecting 'e')")]
    [InlineData("{\"a\": 1", "At 1:8: unexpected end of JSON input")]
    [InlineData("", "At 1:1: unexpected end of JSON input")]
    [InlineData("{} x", "At 1:4: invalid character 'x' after top-level value")]
    [InlineData("{\"a\": 'x'}", "At 1:7: invalid character '\\'' looking for beginning of value")]
    [InlineData("{\"a\": \"x\\q\"}", "At 1:10: invalid character 'q' in string escape code")]
    public void ErrorsCarryPositionAndGoWording(string json, string message) =>
        Assert.Equal(message, Assert.Throws<HclParseException>(() => HclJson.Parse(json)).Message);
}
