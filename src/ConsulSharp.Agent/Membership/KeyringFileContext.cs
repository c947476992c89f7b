using System.Text.Json.Serialization;

namespace ConsulSharp.Agent.Membership;

/// <summary>The keyring file's JSON: an array of base64 keys, primary first (serf's <c>KeyringFile</c> format).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class KeyringFileContext : JsonSerializerContext;
