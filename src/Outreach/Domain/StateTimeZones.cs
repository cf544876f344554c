namespace Collections.Outreach.Domain;

/// <summary>
/// The IANA time zones a consumer in a US state or territory may be in. A state that spans zones
/// lists all of them: without a finer sign of where the consumer is, a time must be convenient in
/// every zone of the state (Reg F 1006.6(b)(1)(i)).
/// </summary>
public static class StateTimeZones
{
    private static readonly Dictionary<string, string[]> ByState = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AL"] = ["America/Chicago"], ["AK"] = ["America/Anchorage", "America/Adak"], ["AZ"] = ["America/Phoenix"],
        ["AR"] = ["America/Chicago"], ["CA"] = ["America/Los_Angeles"], ["CO"] = ["America/Denver"],
        ["CT"] = ["America/New_York"], ["DE"] = ["America/New_York"], ["DC"] = ["America/New_York"],
        ["FL"] = ["America/New_York", "America/Chicago"], ["GA"] = ["America/New_York"], ["HI"] = ["Pacific/Honolulu"],
        ["ID"] = ["America/Boise", "America/Los_Angeles"], ["IL"] = ["America/Chicago"],
        ["IN"] = ["America/Indiana/Indianapolis", "America/Chicago"], ["IA"] = ["America/Chicago"],
        ["KS"] = ["America/Chicago", "America/Denver"], ["KY"] = ["America/New_York", "America/Chicago"],
        ["LA"] = ["America/Chicago"], ["ME"] = ["America/New_York"], ["MD"] = ["America/New_York"],
        ["MA"] = ["America/New_York"], ["MI"] = ["America/Detroit", "America/Menominee"], ["MN"] = ["America/Chicago"],
        ["MS"] = ["America/Chicago"], ["MO"] = ["America/Chicago"], ["MT"] = ["America/Denver"],
        ["NE"] = ["America/Chicago", "America/Denver"], ["NV"] = ["America/Los_Angeles"], ["NH"] = ["America/New_York"],
        ["NJ"] = ["America/New_York"], ["NM"] = ["America/Denver"], ["NY"] = ["America/New_York"],
        ["NC"] = ["America/New_York"], ["ND"] = ["America/Chicago", "America/Denver"], ["OH"] = ["America/New_York"],
        ["OK"] = ["America/Chicago"], ["OR"] = ["America/Los_Angeles", "America/Boise"], ["PA"] = ["America/New_York"],
        ["RI"] = ["America/New_York"], ["SC"] = ["America/New_York"], ["SD"] = ["America/Chicago", "America/Denver"],
        ["TN"] = ["America/Chicago", "America/New_York"], ["TX"] = ["America/Chicago", "America/Denver"],
        ["UT"] = ["America/Denver"], ["VT"] = ["America/New_York"], ["VA"] = ["America/New_York"],
        ["WA"] = ["America/Los_Angeles"], ["WV"] = ["America/New_York"], ["WI"] = ["America/Chicago"],
        ["WY"] = ["America/Denver"], ["PR"] = ["America/Puerto_Rico"], ["GU"] = ["Pacific/Guam"],
        ["VI"] = ["America/St_Thomas"], ["AS"] = ["Pacific/Pago_Pago"], ["MP"] = ["Pacific/Saipan"],
    };

    /// <summary>The zones of <paramref name="state"/>, or none when it is unknown (the engine then allows only letters).</summary>
    public static IReadOnlyList<string> Of(string state) => ByState.TryGetValue(state, out var zones) ? zones : [];
}
