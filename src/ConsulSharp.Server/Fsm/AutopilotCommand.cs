using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Fsm;

/// <summary>
/// Sets the autopilot configuration (<see cref="MessageType.Autopilot"/>, Consul's <c>AutopilotRequestType</c>). With
/// <see cref="Cas"/>, only if the stored configuration's ModifyIndex equals <c>Config.ModifyIndex</c>; answers a bool.
/// </summary>
public sealed record AutopilotCommand
{
    public required AutopilotConfig Config { get; init; }

    public bool Cas { get; init; }
}
