namespace ConsulSharp.Server.Fsm;

/// <summary>A catalog deregistration (<see cref="MessageType.Deregister"/>): a node, or one of its services or checks.</summary>
public sealed record DeregisterCommand
{
    public required string Node { get; init; }

    public string ServiceId { get; init; } = "";

    public string CheckId { get; init; } = "";
}
