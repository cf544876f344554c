using Collections.Gateway.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Collections.Webhooks.Tests;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
    private const string Body = """{"id":"9b1f6c1e-4a65-4c1b-8a57-0d6f1f3b2a10","type":"account.placed","data":{"clientReference":"A-1"}}""";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly long Timestamp = Now.ToUnixTimeSeconds();

    private readonly FakeTimeProvider clock = new(Now);

    [Fact]
    public void A_signature_verifies_with_the_same_secret_timestamp_and_body() =>
        Assert.True(WebhookSignature.Verify(Secret, Timestamp, Body, WebhookSignature.Sign(Secret, Timestamp, Body), WebhookSignature.DefaultTolerance, clock));

    [Fact]
    public void A_signature_is_v1_and_lower_case_hex_of_a_sha256_hmac()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        Assert.Matches("^v1=[0-9a-f]{64}$", signature);
    }

    [Fact]
    public void A_tampered_body_fails() =>
        Assert.False(WebhookSignature.Verify(Secret, Timestamp, Body.Replace("A-1", "A-2", StringComparison.Ordinal), WebhookSignature.Sign(Secret, Timestamp, Body), WebhookSignature.DefaultTolerance, clock));

    [Fact]
    public void A_tampered_timestamp_fails() =>
        Assert.False(WebhookSignature.Verify(Secret, Timestamp + 1, Body, WebhookSignature.Sign(Secret, Timestamp, Body), WebhookSignature.DefaultTolerance, clock));

    [Fact]
    public void Another_secret_fails() =>
        Assert.False(WebhookSignature.Verify(Secret + "x", Timestamp, Body, WebhookSignature.Sign(Secret, Timestamp, Body), WebhookSignature.DefaultTolerance, clock));

    [Fact]
    public void A_timestamp_older_than_the_tolerance_fails()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.False(WebhookSignature.Verify(Secret, Timestamp, Body, signature, TimeSpan.FromMinutes(5), clock));
    }

    [Fact]
    public void A_timestamp_within_the_tolerance_verifies()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);
        clock.Advance(TimeSpan.FromMinutes(4));

        Assert.True(WebhookSignature.Verify(Secret, Timestamp, Body, signature, TimeSpan.FromMinutes(5), clock));
    }

    [Fact]
    public void A_timestamp_too_far_in_the_future_fails()
    {
        var future = Timestamp + 600;

        Assert.False(WebhookSignature.Verify(Secret, future, Body, WebhookSignature.Sign(Secret, future, Body), TimeSpan.FromMinutes(5), clock));
    }

    [Fact]
    public void One_matching_signature_among_several_verifies() =>
        Assert.True(WebhookSignature.Verify(Secret, Timestamp, Body, $"v1={new string('0', 64)}, {WebhookSignature.Sign(Secret, Timestamp, Body)}", WebhookSignature.DefaultTolerance, clock));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=")]
    [InlineData("v1=zz")]
    [InlineData("v0=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("v1=gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg")]
    public void A_missing_or_malformed_signature_header_fails(string? header) =>
        Assert.False(WebhookSignature.Verify(Secret, Timestamp, Body, header, WebhookSignature.DefaultTolerance, clock));
}
