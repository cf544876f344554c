using System.Globalization;
using System.Net;
using System.Text;
using Collections.BuildingBlocks.Tenancy;
using Collections.Outreach.Compliance;

namespace Collections.Outreach.Domain;

/// <summary>A tenant's wording of a message for one channel and language; overrides the shipped default of the same key.</summary>
public sealed class MessageTemplate : ITenantOwned
{
    public Guid TenantId { get; set; }

    public string Key { get; set; } = "";

    public ContactChannel Channel { get; set; }

    /// <summary>"en" or "es".</summary>
    public string Language { get; set; } = "en";

    /// <summary>Email subject or letter title; unused for texts.</summary>
    public string? Subject { get; set; }

    /// <summary>HTML for emails and letters, plain text for texts, with placeholders such as <c>{{FirstName}}</c>.</summary>
    public string Body { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The account's data a message is rendered with.</summary>
/// <param name="FirstName">The consumer's first name.</param>
/// <param name="ConsumerName">The consumer's full name.</param>
/// <param name="Creditor">The current creditor, else the original one.</param>
/// <param name="ClientReference">The client's reference of the account.</param>
/// <param name="Balance">The account's balance.</param>
/// <param name="Currency">The balance's currency.</param>
/// <param name="OptOutUrl">The opt-out link (emails).</param>
/// <param name="Due">For an instalment reminder: the amount due, its currency and the due date.</param>
public sealed record MessageData(string FirstName, string ConsumerName, string Creditor, string ClientReference, decimal Balance, string Currency, string? OptOutUrl, DueInstalment? Due = null);

/// <summary>An instalment a reminder is about.</summary>
public sealed record DueInstalment(decimal Amount, string Currency, DateOnly DueDate);

/// <summary>A rendered message.</summary>
public sealed record RenderedMessage(string? Subject, string Body);

/// <summary>Renders templates: values are HTML-encoded in emails and letters, every email carries the opt-out link and every text the STOP keyword.</summary>
public static class MessageTemplates
{
    public static readonly string[] Languages = ["en", "es"];

    public static readonly string[] Placeholders = ["FirstName", "ConsumerName", "Creditor", "ClientReference", "Balance", "DueAmount", "DueDate"];

    /// <summary>The template of a payment plan instalment's reminder (email and SMS).</summary>
    public const string InstalmentReminder = "instalment-reminder";

    public const string SmsOptOut = "Reply STOP to opt out";

    /// <summary>The templates shipped with the platform, used where the tenant has not written its own.</summary>
    public static IReadOnlyList<MessageTemplate> Defaults { get; } =
    [
        new() { Key = "initial-notice", Channel = ContactChannel.Letter, Language = "en", Subject = "About your account with {{Creditor}}",
            Body = "<p>Dear {{ConsumerName}},</p><p>Your account {{ClientReference}} with {{Creditor}} has a balance of {{Balance}}.</p><p>Please contact us to discuss how to resolve it.</p><p>This communication is from a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose.</p>" },
        new() { Key = "initial-notice", Channel = ContactChannel.Letter, Language = "es", Subject = "Sobre su cuenta con {{Creditor}}",
            Body = "<p>Estimado/a {{ConsumerName}}:</p><p>Su cuenta {{ClientReference}} con {{Creditor}} tiene un saldo de {{Balance}}.</p><p>Comuníquese con nosotros para hablar de cómo resolverla.</p><p>Esta comunicación proviene de un cobrador de deudas. Es un intento de cobrar una deuda y cualquier información obtenida se utilizará para ese fin.</p>" },
        new() { Key = "payment-reminder", Channel = ContactChannel.Email, Language = "en", Subject = "A reminder about your {{Creditor}} account",
            Body = "<p>Hello {{FirstName}},</p><p>Your account {{ClientReference}} with {{Creditor}} still has a balance of {{Balance}}. You can pay or set up a plan online at any time.</p><p>This communication is from a debt collector.</p>" },
        new() { Key = "payment-reminder", Channel = ContactChannel.Email, Language = "es", Subject = "Un recordatorio sobre su cuenta de {{Creditor}}",
            Body = "<p>Hola {{FirstName}}:</p><p>Su cuenta {{ClientReference}} con {{Creditor}} todavía tiene un saldo de {{Balance}}. Puede pagar o establecer un plan en línea en cualquier momento.</p><p>Esta comunicación proviene de un cobrador de deudas.</p>" },
        new() { Key = "payment-reminder", Channel = ContactChannel.Sms, Language = "en",
            Body = "{{FirstName}}, your {{Creditor}} account {{ClientReference}} has a balance of {{Balance}}. Pay online any time. This is a debt collector." },
        new() { Key = "payment-reminder", Channel = ContactChannel.Sms, Language = "es",
            Body = "{{FirstName}}, su cuenta {{ClientReference}} de {{Creditor}} tiene un saldo de {{Balance}}. Pague en línea cuando quiera. Esto es un cobrador de deudas." },
        new() { Key = InstalmentReminder, Channel = ContactChannel.Email, Language = "en", Subject = "Your {{Creditor}} payment of {{DueAmount}} is due on {{DueDate}}",
            Body = "<p>Hello {{FirstName}},</p><p>A reminder that the payment of {{DueAmount}} under your payment plan for account {{ClientReference}} with {{Creditor}} is due on {{DueDate}}.</p><p>If you have already paid, thank you.</p><p>This communication is from a debt collector.</p>" },
        new() { Key = InstalmentReminder, Channel = ContactChannel.Email, Language = "es", Subject = "Su pago de {{DueAmount}} a {{Creditor}} vence el {{DueDate}}",
            Body = "<p>Hola {{FirstName}}:</p><p>Le recordamos que el pago de {{DueAmount}} de su plan de pagos de la cuenta {{ClientReference}} con {{Creditor}} vence el {{DueDate}}.</p><p>Si ya pagó, gracias.</p><p>Esta comunicación proviene de un cobrador de deudas.</p>" },
        new() { Key = InstalmentReminder, Channel = ContactChannel.Sms, Language = "en",
            Body = "{{FirstName}}, your {{Creditor}} plan payment of {{DueAmount}} (account {{ClientReference}}) is due on {{DueDate}}. This is a debt collector." },
        new() { Key = InstalmentReminder, Channel = ContactChannel.Sms, Language = "es",
            Body = "{{FirstName}}, su pago del plan de {{DueAmount}} a {{Creditor}} (cuenta {{ClientReference}}) vence el {{DueDate}}. Esto es un cobrador de deudas." },
    ];

    /// <summary>The tenant's template, else the default in the language, else the default in English.</summary>
    public static MessageTemplate? Choose(IReadOnlyCollection<MessageTemplate> tenantTemplates, string key, ContactChannel channel, string language) =>
        tenantTemplates.FirstOrDefault(t => t.Key == key && t.Channel == channel && t.Language == language)
        ?? Defaults.FirstOrDefault(t => t.Key == key && t.Channel == channel && t.Language == language)
        ?? tenantTemplates.FirstOrDefault(t => t.Key == key && t.Channel == channel && t.Language == "en")
        ?? Defaults.FirstOrDefault(t => t.Key == key && t.Channel == channel && t.Language == "en");

    /// <summary>The language a template exists for: "es" for Spanish speakers (any "es-*" tag), else English.</summary>
    public static string LanguageOf(string? tag) =>
        tag is { Length: >= 2 } && tag.StartsWith("es", StringComparison.OrdinalIgnoreCase) ? "es" : "en";

    public static RenderedMessage Render(MessageTemplate template, MessageData data)
    {
        var html = template.Channel is ContactChannel.Email or ContactChannel.Letter;
        var culture = CultureInfo.GetCultureInfo(template.Language == "es" ? "es-US" : "en-US");
        string Fill(string text) => Replace(text, data, html, culture);
        var subject = template.Subject is null ? null : Replace(template.Subject, data, html: false, culture);
        var body = Fill(template.Body);
        return template.Channel switch
        {
            ContactChannel.Sms => new(null, $"{body} {(template.Language == "es" ? "Responda STOP para no recibir más mensajes. " : "")}{SmsOptOut}"),
            ContactChannel.Email => new(subject, EmailDocument(subject ?? "", body, data.OptOutUrl ?? throw new InvalidOperationException("An email needs its opt-out link."), template.Language)),
            ContactChannel.Letter => new(subject, LetterDocument(subject ?? "", body, template.Language)),
            _ => new(subject, body),
        };
    }

    private static string Replace(string text, MessageData data, bool html, CultureInfo culture)
    {
        string Encode(string value) => html ? WebUtility.HtmlEncode(value) : value;
        var builder = new StringBuilder(text);
        builder.Replace("{{FirstName}}", Encode(data.FirstName));
        builder.Replace("{{ConsumerName}}", Encode(data.ConsumerName));
        builder.Replace("{{Creditor}}", Encode(data.Creditor));
        builder.Replace("{{ClientReference}}", Encode(data.ClientReference));
        builder.Replace("{{Balance}}", Encode($"{data.Balance.ToString("N2", culture)} {data.Currency}"));
        if (data.Due is { } due)
        {
            builder.Replace("{{DueAmount}}", Encode($"{due.Amount.ToString("N2", culture)} {due.Currency}"));
            builder.Replace("{{DueDate}}", Encode(due.DueDate.ToString(culture.Name == "es-US" ? "d 'de' MMMM 'de' yyyy" : "MMMM d, yyyy", culture)));
        }

        return builder.ToString();
    }

    private static string EmailDocument(string subject, string body, string optOutUrl, string language)
    {
        var footer = language == "es"
            ? "Para dejar de recibir correos electrónicos sobre esta deuda, <a href=\"{0}\">haga clic aquí</a>."
            : "To stop receiving emails about this debt, <a href=\"{0}\">unsubscribe here</a>.";
        return $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(subject)}</title></head><body>{body}"
            + $"<hr><p style=\"font-size:small\">{string.Format(CultureInfo.InvariantCulture, footer, WebUtility.HtmlEncode(optOutUrl))}</p></body></html>";
    }

    private static string LetterDocument(string subject, string body, string language) =>
        $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(subject)}</title>"
        + "<style>@page { size: letter; margin: 1in; } body { font-family: serif; font-size: 12pt; } h1 { font-size: 14pt; }</style></head>"
        + $"<body><h1>{WebUtility.HtmlEncode(subject)}</h1>{body}</body></html>";
}
