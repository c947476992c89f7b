using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace ConsulSharp.Http.Ui;

/// <summary>
/// The UI's files: the ones embedded in this assembly (<c>Ui/site/**</c>, logical names <c>ui/&lt;path&gt;</c>), or
/// a directory on disk for <c>-ui-dir</c>. <c>index.html</c> gets its <c>&lt;base href&gt;</c> set to the content
/// path so deep links (<c>/ui/dc1/services/web</c>) resolve the app's relative URLs. Embedded files are loaded once;
/// files on disk are read per request so an operator's edits show on reload.
/// </summary>
internal sealed class UiSite
{
    public const string IndexFile = "index.html";

    private const string BaseMarker = "<base href=\"/ui/\">";
    private const string ResourcePrefix = "ui/";

    private readonly string _contentPath;
    private readonly string? _dir;
    private readonly ConcurrentDictionary<string, UiAsset?> _embedded = new(StringComparer.Ordinal);

    public UiSite(string contentPath, string? dir)
    {
        _contentPath = contentPath;
        _dir = string.IsNullOrEmpty(dir) ? null : Path.GetFullPath(dir);
    }

    /// <summary>The file at <paramref name="relativePath"/> (no leading slash), or null when there is none.</summary>
    public UiAsset? Find(string relativePath)
    {
        if (relativePath.Length == 0 || relativePath.Contains('\\', StringComparison.Ordinal) || relativePath.Split('/').Any(s => s is "" or "." or ".."))
        {
            return null;
        }

        return _dir is null ? _embedded.GetOrAdd(relativePath, LoadEmbedded) : LoadFromDisk(relativePath);
    }

    /// <summary>The names of the embedded files (for tests and docs).</summary>
    public static IReadOnlyList<string> EmbeddedNames() =>
        typeof(UiSite).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..].Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    private UiAsset? LoadEmbedded(string relativePath)
    {
        using var stream = typeof(UiSite).Assembly.GetManifestResourceStream(ResourcePrefix + relativePath);
        if (stream is null)
        {
            return null;
        }

        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return Build(relativePath, ms.ToArray());
    }

    private UiAsset? LoadFromDisk(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(_dir!, relativePath));
        if (!full.StartsWith(_dir! + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            return null;
        }

        return Build(relativePath, File.ReadAllBytes(full));
    }

    private UiAsset Build(string relativePath, byte[] content)
    {
        if (relativePath == IndexFile)
        {
            var html = Encoding.UTF8.GetString(content);
            content = Encoding.UTF8.GetBytes(html.Replace(BaseMarker, $"<base href=\"{_contentPath}\">", StringComparison.Ordinal));
        }

        var type = ContentTypeOf(relativePath);
        byte[]? gzip = null;
        if (type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("javascript", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal) || type.Contains("svg", StringComparison.Ordinal))
        {
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
            {
                gz.Write(content);
            }

            gzip = ms.Length < content.Length ? ms.ToArray() : null;
        }

        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
        return new UiAsset(content, gzip, type, etag);
    }

    public static string ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" or ".map" => "application/json; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".woff2" => "font/woff2",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
