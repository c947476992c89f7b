namespace ConsulSharp.Raft.Tests.Simulation;

internal sealed class SimulationFailure(string message) : Exception(message);
