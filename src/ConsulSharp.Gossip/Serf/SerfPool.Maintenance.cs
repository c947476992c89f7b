namespace ConsulSharp.Gossip.Serf;

/// <summary>Periodic reaping of failed/left members and stale intents, and reconnect attempts to failed members.</summary>
public sealed partial class SerfPool
{
    private async Task ReapLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.ReapInterval, _time, cancellationToken);
                Reap();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal void Reap()
    {
        List<MemberState> expired;
        lock (_gate)
        {
            expired = [.. _failedMembers.Where(m => _time.GetElapsedTime(m.LeaveTime) > ReconnectTimeoutFor(m)),
                .. _leftMembers.Where(m => _time.GetElapsedTime(m.LeaveTime) > _options.TombstoneTimeout)];
            foreach (var (name, intent) in _recentIntents.ToList())
            {
                if (_time.GetElapsedTime(intent.WallTime) > _options.RecentIntentTimeout)
                {
                    _recentIntents.Remove(name);
                }
            }
        }

        foreach (var member in expired)
        {
            EraseNode(member);
        }
    }

    /// <summary>Consul's per-node override: tag <c>rc_tm</c> (a Go duration such as "72h") replaces ReconnectTimeout.</summary>
    private TimeSpan ReconnectTimeoutFor(MemberState member)
    {
        if (member.Tags.TryGetValue("rc_tm", out var value) && TryParseGoDuration(value, out var timeout))
        {
            return timeout;
        }

        return _options.ReconnectTimeout;
    }

    internal static bool TryParseGoDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        while (!span.IsEmpty)
        {
            var i = 0;
            while (i < span.Length && (char.IsAsciiDigit(span[i]) || span[i] == '.'))
            {
                i++;
            }

            if (i == 0 || !double.TryParse(span[..i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            span = span[i..];
            var j = 0;
            while (j < span.Length && char.IsAsciiLetter(span[j]))
            {
                j++;
            }

            var unit = span[..j].ToString();
            span = span[j..];
            duration += unit switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                _ => TimeSpan.MinValue,
            };
            if (unit is not ("h" or "m" or "s" or "ms"))
            {
                return false;
            }
        }

        return true;
    }

    private async Task ReconnectLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.ReconnectInterval, _time, cancellationToken);
                await ReconnectAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        MemberState? target;
        lock (_gate)
        {
            var failed = _failedMembers.Count;
            if (failed == 0)
            {
                return;
            }

            var alive = Math.Max(1, _members.Count - failed - _leftMembers.Count);
            if (Random.Shared.NextDouble() > (double)failed / alive)
            {
                return;
            }

            target = _failedMembers[Random.Shared.Next(failed)];
        }

        Log.Reconnecting(_logger, target.Name, target.Address, target.Port);
        await _memberlist.JoinAsync([$"{target.Address}:{target.Port}"], cancellationToken);
    }

    private async Task SnapshotLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), _time, cancellationToken);
                _snapshot!.UpdateClocks(_clock.Time, _eventClock.Time, _queryClock.Time);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Rejoins members remembered in the snapshot (serf's handleRejoin): ignores old events.</summary>
    private async Task RejoinAsync(List<string> addresses, CancellationToken cancellationToken)
    {
        try
        {
            await JoinAsync(addresses, ignoreOld: true, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            Log.RejoinFailed(_logger, ex.Message);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
