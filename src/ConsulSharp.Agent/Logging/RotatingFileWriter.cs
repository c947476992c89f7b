using System.Globalization;
using System.Text;

namespace ConsulSharp.Agent.Logging;

/// <summary>
/// Appends log lines to <c>-log-file</c>, rotating by size (<c>log_rotate_bytes</c>) and age
/// (<c>log_rotate_duration</c>, default 24 h) and keeping at most <c>log_rotate_max_files</c> archives (0 = all),
/// the way Consul names them: <c>consul-{unix-nanos}.log</c> beside the active file.
/// </summary>
public sealed class RotatingFileWriter : IDisposable
{
    private readonly string _basePath;
    private readonly long _maxBytes;
    private readonly TimeSpan _maxAge;
    private readonly int _maxFiles;
    private readonly TimeProvider _time;
    private FileStream _stream;
    private long _written;
    private DateTimeOffset _openedAt;

    public RotatingFileWriter(string path, long maxBytes, TimeSpan maxAge, int maxFiles, TimeProvider time)
    {
        // Consul treats a directory (trailing slash) as "<dir>/consul.log".
        _basePath = path.EndsWith('/') || Directory.Exists(path) ? Path.Combine(path, "consul.log") : path;
        _maxBytes = maxBytes;
        _maxAge = maxAge <= TimeSpan.Zero ? TimeSpan.FromHours(24) : maxAge;
        _maxFiles = maxFiles;
        _time = time;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_basePath))!);
        _stream = Open();
    }

    public string CurrentPath => _basePath;

    public void WriteLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        if ((_maxBytes > 0 && _written + bytes.Length > _maxBytes && _written > 0) || _time.GetUtcNow() - _openedAt >= _maxAge)
        {
            Rotate();
        }

        _stream.Write(bytes);
        _stream.Flush();
        _written += bytes.Length;
    }

    public void Dispose() => _stream.Dispose();

    private FileStream Open()
    {
        var fs = new FileStream(_basePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        _written = fs.Length;
        _openedAt = _time.GetUtcNow();
        return fs;
    }

    private void Rotate()
    {
        _stream.Dispose();
        var dir = Path.GetDirectoryName(Path.GetFullPath(_basePath))!;
        var name = Path.GetFileNameWithoutExtension(_basePath);
        var ext = Path.GetExtension(_basePath);
        var nanos = (_time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);
        var archive = Path.Combine(dir, $"{name}-{nanos}{ext}");
        File.Move(_basePath, archive, overwrite: true);
        if (_maxFiles > 0)
        {
            var archives = Directory.GetFiles(dir, $"{name}-*{ext}").Order(StringComparer.Ordinal).ToList();
            while (archives.Count > _maxFiles)
            {
                File.Delete(archives[0]);
                archives.RemoveAt(0);
            }
        }

        _stream = Open();
    }
}
