namespace Collections.Accounts.Domain;

/// <summary>The jurisdictions accounts can be placed in: US states, DC and the territories.</summary>
public static class Jurisdictions
{
    private static readonly HashSet<string> Known =
    [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
        "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
        "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
        "AS", "GU", "MP", "PR", "VI",
    ];

    public static bool IsKnown(string? code) => code is not null && Known.Contains(code);
}
