using System.Text.Json.Serialization;

namespace ConsulSharp.Cli.Commands;

/// <summary>The keyring request body (<c>{"Key": "..."}</c>).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class KeyringCommandJson : JsonSerializerContext;
