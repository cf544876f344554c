namespace Collections.Outreach.Compliance;

/// <summary>
/// The compliance gate every contact with a consumer passes. It checks the request against every rule and reports
/// all that block it, not just the first, so an agent sees the whole picture and a scheduler knows when to retry.
/// Pure: no I/O, no clock of its own (the request carries the instant), safe to share across threads.
/// </summary>
/// <remarks>
/// <para>
/// Days for the call frequency rules and call caps are the consumer's local calendar days, counted conservatively
/// across every known zone: a call falls within a 7-day period if it does in any of the consumer's zones, and a period
/// has ended only when it has in all of them. The period after a conversation starts on the conversation's local day.
/// </para>
/// <para>
/// Convenient hours are the half-open window [08:00, 21:00): a contact starting at 21:00:00 is refused, a tick of
/// caution that keeps the interval arithmetic simple. Letters are exempt from the time-of-day rules: the send instant
/// says nothing about when the consumer reads one.
/// </para>
/// <para>
/// Rules that lift with time (hours, the consumer's inconvenient times, call frequency, call caps) are evaluated
/// together to find the earliest instant all of them allow; the others (holds, opt-outs, TCPA consent, work phone)
/// last until the context changes. History recorded after the request instant is ignored.
/// </para>
/// </remarks>
public sealed class ContactPolicy
{
    private readonly JurisdictionRuleTable rules;

    /// <summary>A policy with the platform's <see cref="JurisdictionRuleTable.Standard"/> rules.</summary>
    public ContactPolicy()
        : this(JurisdictionRuleTable.Standard)
    {
    }

    /// <summary>A policy applying <paramref name="rules"/> on top of federal law.</summary>
    public ContactPolicy(JurisdictionRuleTable rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        this.rules = rules;
    }

    /// <summary>Whether <paramref name="request"/> may be made given <paramref name="context"/>, and if not, every reason why.</summary>
    public ContactDecision Decide(ContactRequest request, ContactContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var resolved = context.Resolved;
        var reasons = new ReasonList();

        AddHolds(request, context.Holds, ref reasons);
        AddOptOuts(request, context.OptedOutMedia, resolved, ref reasons);
        AddTcpa(request, resolved, ref reasons);
        if (request.Phone is { Type: PhoneNumberType.Work } && context.EmployerProhibitsCalls)
        {
            reasons.Add(LastingBlocks.WorkPhone);
        }

        var locationKnown = resolved.Clocks.Length > 0;
        if (!locationKnown && request.Channel != ContactChannel.Letter)
        {
            reasons.Add(LastingBlocks.UnknownTimeZone);
        }

        // Without a known zone, days are still counted (in UTC) so a call cap is reported alongside the zone block.
        var clocks = locationKnown ? resolved.Clocks : [ZoneClock.Utc];
        Span<long> local = clocks.Length <= 8 ? stackalloc long[8] : new long[clocks.Length];
        var timed = new TimedRules(
            request,
            resolved,
            context.History,
            rules.Compiled(context.Jurisdiction, request.At.UtcTicks),
            clocks,
            locationKnown,
            local[..clocks.Length]);
        timed.AddReasons(ref reasons);

        if (reasons.Count == 0)
        {
            return ContactDecision.Allowed;
        }

        var earliest = reasons.HasLasting ? null : timed.EarliestAllowedFrom(reasons.LatestLift);
        return ContactDecision.Blocked(reasons.ToArray(), earliest);
    }

    private static void AddHolds(ContactRequest request, AccountHolds holds, ref ReasonList reasons)
    {
        if (holds == AccountHolds.None)
        {
            return;
        }

        if ((holds & AccountHolds.Dispute) != 0)
        {
            reasons.Add(LastingBlocks.DisputeHold);
        }

        // 1006.6(c)(2) lets the collector tell the consumer efforts end or a remedy applies; a written medium leaves
        // a record and does not look like the calls the consumer asked to stop.
        var ceaseException = request.Purpose != ContactPurpose.Collection
            && request.Channel is ContactChannel.Letter or ContactChannel.Email;
        if ((holds & AccountHolds.CeaseCommunication) != 0 && !ceaseException)
        {
            reasons.Add(LastingBlocks.CeaseCommunication);
        }

        if ((holds & AccountHolds.AttorneyRepresentation) != 0)
        {
            reasons.Add(LastingBlocks.AttorneyRepresented);
        }

        if ((holds & AccountHolds.Bankruptcy) != 0)
        {
            reasons.Add(LastingBlocks.Bankruptcy);
        }

        if ((holds & AccountHolds.Deceased) != 0)
        {
            reasons.Add(LastingBlocks.Deceased);
        }

        if ((holds & AccountHolds.Recalled) != 0)
        {
            reasons.Add(LastingBlocks.Recalled);
        }
    }

    private static void AddOptOuts(ContactRequest request, ContactMedia optedOut, ResolvedContext resolved, ref ReasonList reasons)
    {
        var medium = request.Channel switch
        {
            ContactChannel.Call or ContactChannel.Voicemail => ContactMedia.Calls,
            ContactChannel.Sms => ContactMedia.Sms,
            ContactChannel.Email => ContactMedia.Email,
            _ => ContactMedia.Letters,
        };
        if ((optedOut & medium) != 0)
        {
            reasons.Add(LastingBlocks.MediumOptOut);
        }

        if (request.Phone is { } phone && Array.IndexOf(resolved.OptedOutNumbers, phone.Number) >= 0)
        {
            reasons.Add(LastingBlocks.NumberOptOut);
        }

        if (request.EmailAddress is { } address)
        {
            foreach (var optedOutAddress in resolved.OptedOutEmailAddresses)
            {
                if (string.Equals(optedOutAddress, address, StringComparison.OrdinalIgnoreCase))
                {
                    reasons.Add(LastingBlocks.AddressOptOut);
                    break;
                }
            }
        }
    }

    private static void AddTcpa(ContactRequest request, ResolvedContext resolved, ref ReasonList reasons)
    {
        var automated = request.Channel == ContactChannel.Sms
            || (request.Channel.IsTelephoneCall() && (request.Autodialed || request.Prerecorded));
        if (request.Phone is not { Type: PhoneNumberType.Mobile } phone || !automated)
        {
            return;
        }

        var revoked = false;
        foreach (var consent in resolved.TcpaConsents)
        {
            if (consent.Number != phone.Number)
            {
                continue;
            }

            if (consent.IsInForceAt(request.At))
            {
                return;
            }

            revoked |= consent.RevokedAt <= request.At;
        }

        reasons.Add(revoked ? LastingBlocks.TcpaConsentRevoked : LastingBlocks.TcpaNoConsent);
    }

    /// <summary>
    /// The rules that depend on the instant: convenient hours, the consumer's inconvenient times, Regulation F's call
    /// frequency and the jurisdiction's call caps. Each answers "allowed at t?" as the earliest instant at or after t
    /// at which it allows the contact (t itself when it allows it), so the rules can be combined to find when all of
    /// them allow it.
    /// </summary>
    private ref struct TimedRules
    {
        private const int RegulationFCalls = 7;
        private const int RegulationFDays = 7;
        private static readonly long SevenDays = TimeSpan.FromDays(7).Ticks;

        // The combined search stops after this many moves; more means the rules leave no convenient time (e.g. the
        // consumer called every hour inconvenient), and the decision reports no earliest instant.
        private const int SearchSteps = 64;

        private readonly ContactHistory history;
        private readonly CompiledJurisdiction jurisdiction;
        private readonly ZoneClock[] clocks;
        private readonly Span<long> local;
        private readonly WeeklyWindow[] inconvenientTimes;
        private readonly long at;
        private readonly bool timeOfDayApplies;
        private readonly bool callRulesApply;
        private readonly int requestLine;
        private readonly long consentTicks;
        private readonly long conversationPeriodEnd;

        public TimedRules(
            ContactRequest request,
            ResolvedContext resolved,
            ContactHistory history,
            CompiledJurisdiction jurisdiction,
            ZoneClock[] clocks,
            bool locationKnown,
            Span<long> local)
        {
            this.history = history;
            this.jurisdiction = jurisdiction;
            this.clocks = clocks;
            this.local = local;
            at = request.At.UtcTicks;
            timeOfDayApplies = locationKnown && request.Channel != ContactChannel.Letter;
            inconvenientTimes = resolved.InconvenientTimes;
            callRulesApply = request.Channel.IsTelephoneCall();
            requestLine = PhoneLines.MaskOf(request.Phone?.Type);

            // Consent recorded after the request instant was not known when deciding it.
            consentTicks = resolved.DirectConsentTicks <= at ? resolved.DirectConsentTicks : long.MinValue;
            conversationPeriodEnd = callRulesApply ? ConversationPeriodEnd() : long.MinValue;
        }

        public void AddReasons(ref ReasonList reasons)
        {
            Localize(at);
            AddIfBlocked(ref reasons, HoursLift(at), BlockReasonCodes.InconvenientTime, jurisdiction.HoursMessage, jurisdiction.HoursCitation);
            AddIfBlocked(
                ref reasons,
                ConsumerTimesLift(at),
                BlockReasonCodes.ConsumerInconvenientTime,
                "The consumer said this time is inconvenient for them.",
                "12 CFR 1006.6(b)(1)(i)");
            AddIfBlocked(
                ref reasons,
                SevenInSevenLift(at),
                BlockReasonCodes.SevenCallsInSevenDays,
                "Seven calls about this debt were already placed within seven consecutive days.",
                "12 CFR 1006.14(b)(2)(i)");
            AddIfBlocked(
                ref reasons,
                AfterConversationLift(at),
                BlockReasonCodes.SevenDaysAfterConversation,
                "The consumer had a telephone conversation about this debt within the last seven consecutive days (its day is day 1).",
                "12 CFR 1006.14(b)(2)(ii)");
            foreach (var cap in jurisdiction.Caps)
            {
                if (Applies(cap))
                {
                    AddIfBlocked(ref reasons, CapLift(at, cap.Calls, cap.PerDays, cap.LineMask, long.MinValue, long.MinValue), BlockReasonCodes.StateCallCap, cap.Description, cap.Citation);
                }
            }
        }

        /// <summary>The earliest instant from <paramref name="start"/> at which every timed rule allows the contact, or null.</summary>
        public DateTimeOffset? EarliestAllowedFrom(long start)
        {
            // Each rule's answer is a lower bound for the combined one, so moving to the latest of them never skips an
            // allowed instant; repeating until no rule moves lands on the earliest.
            var t = start;
            for (var step = 0; step < SearchSteps; step++)
            {
                Localize(t);
                var next = Math.Max(Math.Max(HoursLift(t), ConsumerTimesLift(t)), Math.Max(SevenInSevenLift(t), AfterConversationLift(t)));
                foreach (var cap in jurisdiction.Caps)
                {
                    if (Applies(cap))
                    {
                        next = Math.Max(next, CapLift(t, cap.Calls, cap.PerDays, cap.LineMask, long.MinValue, long.MinValue));
                    }
                }

                if (next == t)
                {
                    return Instant(t);
                }

                t = next;
            }

            return null;
        }

        private readonly void AddIfBlocked(ref ReasonList reasons, long lift, string code, string message, string citation)
        {
            if (lift > at)
            {
                reasons.Add(new BlockReason(code, message, citation, Instant(lift)), lift);
            }
        }

        private readonly void Localize(long t)
        {
            for (var zone = 0; zone < clocks.Length; zone++)
            {
                local[zone] = clocks[zone].ToLocal(t);
            }
        }

        private readonly bool Applies(CompiledCap cap) => callRulesApply && (cap.LineMask & requestLine) != 0;

        private readonly long HoursLift(long t)
        {
            if (!timeOfDayApplies)
            {
                return t;
            }

            var lift = t;
            for (var zone = 0; zone < clocks.Length; zone++)
            {
                var timeOfDay = LocalTime.TimeOfDay(local[zone]);
                if (timeOfDay >= jurisdiction.HoursStart && timeOfDay < jurisdiction.HoursEnd)
                {
                    continue;
                }

                var day = LocalTime.DayOf(local[zone]) + (timeOfDay >= jurisdiction.HoursEnd ? 1 : 0);
                lift = Math.Max(lift, clocks[zone].FirstInstantReaching(LocalTime.StartOfDay(day) + jurisdiction.HoursStart, t));
            }

            return lift;
        }

        private readonly long ConsumerTimesLift(long t)
        {
            if (!timeOfDayApplies || inconvenientTimes.Length == 0)
            {
                return t;
            }

            // The consumer's times are read in every zone they may be in, as the federal hours are.
            var lift = t;
            for (var zone = 0; zone < clocks.Length; zone++)
            {
                foreach (var window in inconvenientTimes)
                {
                    var elapsed = window.Elapsed(local[zone]);
                    if (elapsed >= 0)
                    {
                        lift = Math.Max(lift, clocks[zone].FirstInstantReaching(local[zone] - elapsed + window.Length, t));
                    }
                }
            }

            return lift;
        }

        private readonly bool IsExemptByConsent(long t) =>
            consentTicks != long.MinValue && t >= consentTicks && t - consentTicks < SevenDays;

        private readonly long SevenInSevenLift(long t)
        {
            if (!callRulesApply || IsExemptByConsent(t))
            {
                return t;
            }

            // Calls placed within 7 days after the consumer's direct consent were exempt, so they do not count either.
            var exemptUntil = consentTicks == long.MinValue ? long.MinValue : consentTicks + SevenDays;
            return CapLift(t, RegulationFCalls, RegulationFDays, PhoneLines.Every, consentTicks, exemptUntil);
        }

        private readonly long AfterConversationLift(long t) =>
            !callRulesApply || t >= conversationPeriodEnd || IsExemptByConsent(t) ? t : conversationPeriodEnd;

        /// <summary>
        /// With at most <paramref name="calls"/> counted calls allowed in <paramref name="days"/> consecutive local
        /// days: t when one more call at t is allowed, else the local midnight (in the zone where it comes last) at
        /// which the oldest call of the full period leaves it.
        /// </summary>
        private readonly long CapLift(long t, int calls, int days, int lineMask, long exemptFrom, long exemptUntil)
        {
            // A period of local days never starts more than a day and a DST shift before t - days: a cheap count
            // over that wider span settles most decisions without any zone arithmetic.
            var widest = t - (days + 2) * TimeSpan.TicksPerDay;
            if (history.CountPlacedCalls(widest, at, lineMask, exemptFrom, exemptUntil) < calls)
            {
                return t;
            }

            var from = long.MaxValue;
            for (var zone = 0; zone < clocks.Length; zone++)
            {
                var firstDay = LocalTime.DayOf(local[zone]) - (days - 1);
                from = Math.Min(from, clocks[zone].FirstInstantReaching(LocalTime.StartOfDay(firstDay), long.MinValue));
            }

            if (history.CountPlacedCalls(from, at, lineMask, exemptFrom, exemptUntil) < calls)
            {
                return t;
            }

            var oldest = history.NthMostRecentPlacedCall(calls, at, lineMask, exemptFrom, exemptUntil);
            var lift = t;
            foreach (var clock in clocks)
            {
                var dayAfterPeriod = LocalTime.DayOf(clock.ToLocal(oldest)) + days;
                lift = Math.Max(lift, clock.FirstInstantReaching(LocalTime.StartOfDay(dayAfterPeriod), t));
            }

            return lift;
        }

        /// <summary>The first instant after the 7-day period that starts on the day of the latest conversation, in every zone.</summary>
        private readonly long ConversationPeriodEnd()
        {
            var conversation = history.LatestConversation(at);
            if (conversation == long.MinValue || at - conversation > (RegulationFDays + 2) * TimeSpan.TicksPerDay)
            {
                return long.MinValue;
            }

            var end = long.MinValue;
            foreach (var clock in clocks)
            {
                var dayAfterPeriod = LocalTime.DayOf(clock.ToLocal(conversation)) + RegulationFDays;
                end = Math.Max(end, clock.FirstInstantReaching(LocalTime.StartOfDay(dayAfterPeriod), long.MinValue));
            }

            return end;
        }

        private static DateTimeOffset Instant(long utcTicks) => new(utcTicks, TimeSpan.Zero);
    }

    /// <summary>The reasons found so far; allocates nothing until the first one.</summary>
    private struct ReasonList
    {
        private List<BlockReason>? reasons;

        public readonly int Count => reasons?.Count ?? 0;

        /// <summary>Whether a reason lasts until something changes.</summary>
        public bool HasLasting { get; private set; }

        /// <summary>The latest instant at which a temporary reason lifts.</summary>
        public long LatestLift { get; private set; }

        public void Add(BlockReason lasting)
        {
            (reasons ??= new(4)).Add(lasting);
            HasLasting = true;
        }

        public void Add(BlockReason temporary, long liftsAt)
        {
            (reasons ??= new(4)).Add(temporary);
            LatestLift = Math.Max(LatestLift, liftsAt);
        }

        public readonly BlockReason[] ToArray() => reasons?.ToArray() ?? [];
    }
}
