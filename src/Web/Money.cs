using System.Globalization;

namespace Collections.Web;

/// <summary>Amounts as the user's language writes them, with the ISO currency code.</summary>
public static class Money
{
    public static string Format(decimal amount, string currency) =>
        string.Create(CultureInfo.CurrentCulture, $"{amount:N2} {currency}");
}
