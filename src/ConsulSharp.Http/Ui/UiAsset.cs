namespace ConsulSharp.Http.Ui;

/// <summary>One UI file ready to send: its bytes, a gzip copy when that is smaller, its content type and a strong ETag.</summary>
internal sealed record UiAsset(byte[] Content, byte[]? Gzip, string ContentType, string ETag);
