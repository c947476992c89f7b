using System.Diagnostics;

/// <summary>Saturates the CPUs with busy-loop processes (<c>sh -c 'while :; do :; done'</c>) for a while; kills only its own.</summary>
internal static class Hog
{
    public static async Task RunAsync(int count, TimeSpan duration)
    {
        var hogs = new List<Process>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var info = new ProcessStartInfo("sh") { UseShellExecute = false };
                info.ArgumentList.Add("-c");
                info.ArgumentList.Add("while :; do :; done");
                hogs.Add(Process.Start(info)!);
            }

            await Task.Delay(duration);
        }
        finally
        {
            foreach (var p in hogs)
            {
                p.Kill();
                await p.WaitForExitAsync();
                p.Dispose();
            }
        }
    }
}
