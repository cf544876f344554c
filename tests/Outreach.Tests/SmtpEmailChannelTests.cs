using System.Net;
using System.Net.Sockets;
using System.Text;
using Collections.Outreach.Channels;
using Collections.Outreach.Compliance;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Collections.Outreach.Tests;

/// <summary>The SMTP provider delivers to a real SMTP listener on loopback.</summary>
public sealed class SmtpEmailChannelTests
{
    [Fact]
    public async Task The_smtp_provider_delivers_the_rendered_email_to_the_server()
    {
        await using var server = new LoopbackSmtpServer();
        var channel = new SmtpEmailChannel(Options.Create(new SmtpSettings
        {
            Host = "127.0.0.1", Port = server.Port, Security = SecureSocketOptions.None, From = "Northwind Recovery <notices@northwind.example>",
        }));

        await channel.SendAsync(
            new OutboundMessage(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), ContactChannel.Email, "ann.lee@example.com", "A reminder", "<p>Hello Ann</p>", "en", null),
            TestContext.Current.CancellationToken);

        var received = await server.Received.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("<notices@northwind.example>", received.From);
        Assert.Equal(["<ann.lee@example.com>"], received.To);
        Assert.Contains("Subject: A reminder", received.Data, StringComparison.Ordinal);
        Assert.Contains("<p>Hello Ann</p>", received.Data, StringComparison.Ordinal);
    }

    /// <summary>One received message.</summary>
    private sealed record SmtpMessage(string From, List<string> To, string Data);

    /// <summary>A minimal SMTP server (RFC 5321 EHLO, MAIL, RCPT, DATA, QUIT) for one connection on a loopback port.</summary>
    private sealed class LoopbackSmtpServer : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly Task serving;

        public LoopbackSmtpServer()
        {
            listener.Start();
            serving = ServeAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public TaskCompletionSource<SmtpMessage> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private async Task ServeAsync()
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost ESMTP test");
            string from = "";
            var to = new List<string>();
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "MAIL":
                        from = line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0];
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        to.Add(line[(line.IndexOf(':') + 1)..].Trim());
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(stop.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append('\n');
                        }

                        Received.TrySetResult(new SmtpMessage(from, to, data.ToString()));
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            try
            {
                await serving;
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
            }

            stop.Dispose();
        }
    }
}
