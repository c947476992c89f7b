using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ConsulSharp.Bench.Http;

/// <summary>
/// The lightest watcher client this machine allows, for the fan-out benchmark (`--client epoll`): each watcher's socket
/// connects and sends its request synchronously (so .NET's socket engine never registers it), then one thread waits on
/// all of them with its own epoll set and reads each response with one recv() — what a C load tool (wrk) does. On a
/// 2-core machine the client shares the cores with the agent, so every microsecond it spends per response is taken
/// from the agent's wake-up; .NET's async sockets cost the client ~15 µs per response, this loop ~3.
/// </summary>
internal sealed partial class EpollWatchers : IDisposable
{
    private const int EpollCtlAdd = 1;
    private const uint EpollIn = 0x001;
    private const int Eagain = 11;

    private readonly int _epoll;
    private readonly Socket?[] _sockets;
    private readonly byte[][] _buffers;
    private readonly int[] _lengths;
    private readonly TaskCompletionSource[] _done;
    private readonly Thread _loop;
    private volatile bool _stopping;

    /// <summary>Per watcher: its status code when its response is complete (0 while waiting, -1 on a failure).</summary>
    public int[] Status { get; }

    /// <summary>Per watcher: <see cref="Stopwatch.GetTimestamp"/> when its response was complete.</summary>
    public long[] ReturnedAt { get; }

    public string?[] Errors { get; }

    public EpollWatchers(int n)
    {
        _epoll = EpollCreate1(0);
        if (_epoll < 0)
        {
            throw new InvalidOperationException("epoll_create1 failed: " + Marshal.GetLastPInvokeError());
        }

        _sockets = new Socket?[n];
        _buffers = new byte[n][];
        _lengths = new int[n];
        _done = new TaskCompletionSource[n];
        Status = new int[n];
        ReturnedAt = new long[n];
        Errors = new string?[n];
        for (var i = 0; i < n; i++)
        {
            _done[i] = new TaskCompletionSource();
        }

        _loop = new Thread(Loop) { IsBackground = true, Name = "epoll watchers" };
        _loop.Start();
    }

    public Task Completion(int i) => _done[i].Task;

    /// <summary>Connects watcher <paramref name="i"/>, sends its request and hands its socket to the epoll loop.</summary>
    public void Start(int i, IPEndPoint server, IPAddress? source, byte[] request)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _sockets[i] = s;
        try
        {
            if (source is not null)
            {
                s.Bind(new IPEndPoint(source, 0));
            }

            s.Connect(server);
            s.Send(request);
            // Touch the buffer now: a page the kernel maps at first write would fault inside recv() at wake-up time.
            var buffer = new byte[2048];
            buffer[0] = 1;
            buffer[^1] = 1;
            _buffers[i] = buffer;
            s.Blocking = false;
            var ev = new EpollEvent { Events = EpollIn, Data = (ulong)i };
            if (EpollCtl(_epoll, EpollCtlAdd, (int)s.Handle, ref ev) != 0)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }
        }
        catch (SocketException e)
        {
            Fail(i, e.Message);
        }
    }

    private void Loop()
    {
        var events = new EpollEvent[1024];
        while (!_stopping)
        {
            var n = EpollWait(_epoll, events, events.Length, 100);
            for (var e = 0; e < n; e++)
            {
                Read((int)events[e].Data);
            }
        }
    }

    private unsafe void Read(int i)
    {
        var s = _sockets[i];
        if (s is null || Status[i] != 0)
        {
            return;
        }

        var buffer = _buffers[i];
        var length = _lengths[i];
        if (length == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
            _buffers[i] = buffer;
        }

        nint read;
        fixed (byte* p = &buffer[length])
        {
            read = Recv((int)s.Handle, p, buffer.Length - length, 0);
        }

        if (read < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Eagain)
            {
                Fail(i, "recv failed: errno " + errno);
            }

            return;
        }

        if (read == 0)
        {
            Fail(i, "connection closed before the response was complete");
            return;
        }

        _lengths[i] = length + (int)read;
        if (RawHttp.ResponseComplete(buffer.AsSpan(0, _lengths[i]), out var code))
        {
            ReturnedAt[i] = Stopwatch.GetTimestamp();
            Status[i] = code;
            _done[i].TrySetResult();
        }
    }

    private void Fail(int i, string error)
    {
        ReturnedAt[i] = Stopwatch.GetTimestamp();
        Errors[i] = error;
        Status[i] = -1;
        _done[i].TrySetResult();
    }

    /// <summary>Ends the loop; watchers still waiting complete with status 0.</summary>
    public void Stop()
    {
        _stopping = true;
        // The last completion may run the caller's continuation (and so this call) on the loop thread itself.
        if (Thread.CurrentThread != _loop)
        {
            _loop.Join();
        }

        for (var i = 0; i < _done.Length; i++)
        {
            if (_done[i].TrySetResult())
            {
                ReturnedAt[i] = Stopwatch.GetTimestamp();
            }
        }
    }

    public void Dispose()
    {
        if (!_stopping)
        {
            Stop();
        }

        foreach (var s in _sockets)
        {
            s?.Dispose();
        }

        _ = Close(_epoll);
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epfd, int op, int fd, ref EpollEvent ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epfd, [Out] EpollEvent[] events, int maxEvents, int timeout);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static unsafe partial nint Recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
