namespace ConsulSharp.Testing;

/// <summary>A temporary directory for one test class, deleted (best effort) on dispose.</summary>
public sealed class ScratchDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>A path inside the directory.</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
