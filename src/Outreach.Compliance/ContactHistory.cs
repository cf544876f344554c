namespace Collections.Outreach.Compliance;

/// <summary>
/// The contact attempts made about one debt, summarised once for the rules that count them: placed telephone calls
/// (with the kind of number dialled) and telephone conversations, each in time order. Build it when the history
/// loads and <see cref="Append"/> as attempts happen; every decision then reads the summary without re-sorting or
/// filtering the attempts.
/// </summary>
public sealed class ContactHistory
{
    private readonly ContactAttempt[] attempts;

    // Parallel arrays, ascending by instant: decisions scan them from the newest end and stop at the window's start.
    private readonly long[] placedCallTicks;
    private readonly byte[] placedCallLines;
    private readonly long[] conversationTicks;

    /// <summary>Summarises <paramref name="attempts"/>; their order does not matter.</summary>
    public ContactHistory(IEnumerable<ContactAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        // OrderBy is stable: attempts logged at the same instant keep the order given.
        var sorted = attempts.OrderBy(attempt => attempt?.At.UtcTicks).ToArray();
        foreach (var attempt in sorted)
        {
            ArgumentNullException.ThrowIfNull(attempt, nameof(attempts));
        }

        this.attempts = sorted;

        var placed = 0;
        var conversations = 0;
        foreach (var attempt in sorted)
        {
            if (attempt.Channel.IsTelephoneCall() && attempt.Outcome.IsPlacedCall())
            {
                placed++;
                if (attempt.Outcome.IsConversation())
                {
                    conversations++;
                }
            }
        }

        placedCallTicks = new long[placed];
        placedCallLines = new byte[placed];
        conversationTicks = new long[conversations];
        placed = 0;
        conversations = 0;
        foreach (var attempt in sorted)
        {
            if (!attempt.Channel.IsTelephoneCall() || !attempt.Outcome.IsPlacedCall())
            {
                continue;
            }

            placedCallTicks[placed] = attempt.At.UtcTicks;
            placedCallLines[placed] = PhoneLines.MaskOf(attempt.Phone?.Type);
            placed++;
            if (attempt.Outcome.IsConversation())
            {
                conversationTicks[conversations++] = attempt.At.UtcTicks;
            }
        }
    }

    /// <summary>A debt nobody has contacted yet.</summary>
    public static ContactHistory Empty { get; } = new([]);

    /// <summary>Every attempt, oldest first.</summary>
    public IReadOnlyList<ContactAttempt> Attempts => attempts;

    /// <summary>This history with <paramref name="attempt"/> added.</summary>
    public ContactHistory Append(ContactAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new([.. attempts, attempt]);
    }

    /// <summary>
    /// Placed calls in [<paramref name="from"/>, <paramref name="to"/>] to a line in <paramref name="lineMask"/>,
    /// leaving out those in [<paramref name="exemptFrom"/>, <paramref name="exemptUntil"/>).
    /// </summary>
    internal int CountPlacedCalls(long from, long to, int lineMask, long exemptFrom, long exemptUntil)
    {
        var count = 0;
        for (var i = placedCallTicks.Length - 1; i >= 0; i--)
        {
            var ticks = placedCallTicks[i];
            if (ticks < from)
            {
                break;
            }

            if (ticks <= to && (placedCallLines[i] & lineMask) != 0 && (ticks < exemptFrom || ticks >= exemptUntil))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The instant of the <paramref name="n"/>th most recent counted call at or before <paramref name="to"/>, or <see cref="long.MinValue"/>.</summary>
    internal long NthMostRecentPlacedCall(int n, long to, int lineMask, long exemptFrom, long exemptUntil)
    {
        for (var i = placedCallTicks.Length - 1; i >= 0; i--)
        {
            var ticks = placedCallTicks[i];
            if (ticks <= to && (placedCallLines[i] & lineMask) != 0 && (ticks < exemptFrom || ticks >= exemptUntil) && --n == 0)
            {
                return ticks;
            }
        }

        return long.MinValue;
    }

    /// <summary>The instant of the latest telephone conversation at or before <paramref name="to"/>, or <see cref="long.MinValue"/>.</summary>
    internal long LatestConversation(long to)
    {
        for (var i = conversationTicks.Length - 1; i >= 0; i--)
        {
            if (conversationTicks[i] <= to)
            {
                return conversationTicks[i];
            }
        }

        return long.MinValue;
    }
}

/// <summary>Kinds of number as bits, so a cap can cover several kinds and a call to an unknown kind counts toward every cap.</summary>
internal static class PhoneLines
{
    public const int Unknown = 1 << 3;
    public const int Every = 0b1111;

    public static byte MaskOf(PhoneNumberType? type) => type is { } known ? (byte)(1 << (int)known) : (byte)Unknown;
}
