using System.Text;
using Collections.Disputes.Domain;

namespace Collections.Disputes.Tests;

public sealed class AttachmentContentTypesTests
{
    [Theory]
    [InlineData("255044462D312E370A", "application/pdf")]
    [InlineData("89504E470D0A1A0A0000000D", "image/png")]
    [InlineData("FFD8FFE000104A464946", "image/jpeg")]
    [InlineData("4D5A90000300000004", null)] // a Windows executable
    [InlineData("504B030414000600", null)] // a zip (or Office) archive
    [InlineData("89504E47", null)] // a truncated PNG signature
    public void Files_are_recognised_by_their_first_bytes(string hex, string? expected) =>
        Assert.Equal(expected, AttachmentContentTypes.Detect(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("Dear collector,\r\nI paid this in March.\tThanks\n", "text/plain")]
    [InlineData("Café — reçu n° 42", "text/plain")]
    [InlineData("binary\u0000zero", null)]
    [InlineData("bell\u0007", null)]
    [InlineData("", null)]
    public void Plain_text_is_utf8_without_control_characters(string text, string? expected) =>
        Assert.Equal(expected, AttachmentContentTypes.Detect(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Invalid_utf8_is_not_text() =>
        Assert.Null(AttachmentContentTypes.Detect([0x48, 0x69, 0xC3, 0x28]));

    [Theory]
    [InlineData("text/plain; charset=utf-8", "text/plain")]
    [InlineData(" Application/PDF ", "application/pdf")]
    [InlineData(null, "")]
    public void The_media_type_is_read_without_parameters(string? header, string expected) =>
        Assert.Equal(expected, AttachmentContentTypes.MediaTypeOf(header));
}
