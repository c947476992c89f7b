using ConsulSharp.State.Internal;

namespace ConsulSharp.State;

public sealed partial class StateStore
{
    /// <summary>
    /// Writes one version to <paramref name="destination"/> (<see cref="SnapshotFormat"/>). Safe to run on any thread
    /// while the writer goes on: the version is immutable.
    /// </summary>
    public static void WriteSnapshot(StateSnapshot snapshot, Stream destination) =>
        SnapshotWriter.Write(snapshot.Tables, destination);

    /// <summary>
    /// Parses and verifies a snapshot stream (structure and checksum) without building any state: memory stays flat
    /// whatever its size. Returns per-section record counts and sizes. Throws <see cref="InvalidDataException"/> for a
    /// snapshot <see cref="Restore"/> would refuse.
    /// </summary>
    public static SnapshotStats InspectSnapshot(Stream source) => SnapshotReader.Inspect(source);

    /// <summary>
    /// Replaces the whole state with a snapshot. The stream is read and verified (checksum) before anything changes;
    /// a corrupt or unsupported snapshot throws <see cref="InvalidDataException"/> and leaves the store as it was.
    /// Every waiter is woken, since anything may have changed.
    /// </summary>
    public void Restore(Stream source)
    {
        var tables = SnapshotReader.Read(source);
        lock (_writeLock)
        {
            _changes.Clear();
            Volatile.Write(ref _current, new StateSnapshot(tables, _current.Version + 1));
            lock (_lockDelays)
            {
                _lockDelays.Clear();
            }

            _watches.FireAll();
        }
    }
}
