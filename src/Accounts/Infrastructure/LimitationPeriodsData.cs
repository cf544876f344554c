using Collections.Accounts.Domain;

namespace Collections.Accounts.Infrastructure;

/// <summary>
/// The limitation periods the service starts with, seeded by migration. A change in the law is a
/// new row with a later effective date (as New York's 2022 Consumer Credit Fairness Act is below),
/// never an edit. Compliance owns these values and reviews the sources.
/// </summary>
internal static class LimitationPeriodsData
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static IReadOnlyList<LimitationPeriod> Seed { get; } =
    [
        // Shortest common period from the earliest start: an unlisted state's debt is treated as
        // time-barred no later than under most states' law, so no one threatens suit on it.
        new(LimitationPeriod.AnyJurisdiction, Earliest, 3, LimitationStart.Default, "Conservative fallback for jurisdictions not yet reviewed"),
        new("NY", Earliest, 6, LimitationStart.LastPayment, "N.Y. CPLR 213 (contract), before the CCFA"),
        new("NY", new DateOnly(2022, 4, 7), 3, LimitationStart.Default, "N.Y. CPLR 214-i (Consumer Credit Fairness Act): 3 years; a payment does not revive or extend"),
        new("TX", Earliest, 4, LimitationStart.Default, "Tex. Civ. Prac. & Rem. Code 16.004; Tex. Fin. Code 392.307: a payment does not revive"),
        new("CA", Earliest, 4, LimitationStart.LastPayment, "Cal. Code Civ. Proc. 337 (written contract); partial payment restarts (CCP 360)"),
        new("MA", Earliest, 6, LimitationStart.LastPayment, "Mass. Gen. Laws ch. 260, sec. 2 (contract); payment restarts"),
        new("FL", Earliest, 5, LimitationStart.LastPayment, "Fla. Stat. 95.11(2)(b) (written contract); payment restarts"),
    ];
}
