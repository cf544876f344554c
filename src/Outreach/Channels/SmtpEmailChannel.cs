using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Collections.Outreach.Channels;

/// <summary>Settings of the SMTP email provider (<c>Outreach:Channels:Smtp</c>).</summary>
public sealed class SmtpSettings
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Northwind Recovery &lt;notices@northwind.example&gt;</c>.</summary>
    public string From { get; set; } = "";
}

/// <summary>Sends emails through any SMTP server with MailKit.</summary>
public sealed class SmtpEmailChannel(IOptions<SmtpSettings> settings) : IEmailChannel
{
    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var smtp = settings.Value;
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(smtp.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject ?? "";
        mime.Body = new BodyBuilder { HtmlBody = message.Body }.ToMessageBody();

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
