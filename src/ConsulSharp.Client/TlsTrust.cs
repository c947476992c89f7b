using System.Security.Cryptography.X509Certificates;

namespace ConsulSharp.Client;

/// <summary>Consul's CA settings (<c>ca_file</c>, <c>ca_path</c>) as a trust store, for both ends: the client checking an
/// agent's certificate and the HTTPS listener checking client certificates (<c>verify_incoming</c>).</summary>
public static class TlsTrust
{
    /// <summary>The PEM certificates of <paramref name="caFile"/> and of the <c>.pem</c>/<c>.crt</c> files in <paramref name="caPath"/>.</summary>
    public static X509Certificate2Collection LoadRoots(string caFile, string caPath)
    {
        var roots = new X509Certificate2Collection();
        if (caFile.Length > 0)
        {
            roots.ImportFromPemFile(caFile);
        }

        if (caPath.Length > 0 && Directory.Exists(caPath))
        {
            foreach (var f in Directory.EnumerateFiles(caPath).Where(f => f.EndsWith(".pem", StringComparison.Ordinal) || f.EndsWith(".crt", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                roots.ImportFromPemFile(f);
            }
        }

        return roots;
    }

    /// <summary>Whether <paramref name="certificate"/> chains to one of <paramref name="roots"/> (and only those).</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
