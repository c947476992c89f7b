namespace ConsulSharp.Server.Fsm;

/// <summary>A command the FSM applied as a no-op because it failed validation; the proposer reports the text.</summary>
public sealed record FsmError(string Message);
