namespace Collections.Outreach.Domain;

/// <summary>
/// What the agent must say (Reg F 1006.18(e), the "mini-Miranda"): the first communication with the consumer says a
/// debt collector is attempting to collect a debt and that information obtained will be used for that purpose;
/// later communications say they are from a debt collector. English unless the consumer's language is Spanish.
/// </summary>
public static class DisclosureScript
{
    public static Disclosure For(string? language, bool firstCommunication)
    {
        var spanish = language is not null && language.StartsWith("es", StringComparison.OrdinalIgnoreCase);
        var text = (spanish, firstCommunication) switch
        {
            (false, true) => "This is a communication from a debt collector. This is an attempt to collect a debt, and any information obtained will be used for that purpose.",
            (false, false) => "This communication is from a debt collector.",
            (true, true) => "Esta es una comunicación de un cobrador de deudas. Es un intento de cobrar una deuda y cualquier información obtenida se utilizará con ese fin.",
            (true, false) => "Esta comunicación es de un cobrador de deudas.",
        };
        return new Disclosure(spanish ? "es" : "en", firstCommunication, text);
    }
}

/// <summary>The disclosure to read.</summary>
/// <param name="Language">"en" or "es".</param>
/// <param name="FirstCommunication">Whether no communication with the consumer about this debt is on record yet.</param>
/// <param name="Script">The words to say.</param>
public sealed record Disclosure(string Language, bool FirstCommunication, string Script);
