namespace ConsulSharp.Core.Flags;

/// <summary>The current value of one flag: its default until the command line sets it.</summary>
public sealed class FlagValue<T>(T value)
{
    public T Value { get; internal set; } = value;
}
