using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Collections.Web.Tests;

/// <summary>The consumer portal in a real browser: paying, disputing, contact preferences.</summary>
public sealed class PortalTests(WebPlatform platform)
{
    private static string Usd(decimal amount) => string.Create(CultureInfo.GetCultureInfo("en"), $"{amount:N2} USD");

    [Fact]
    public async Task A_consumer_pays_part_of_a_debt_by_card_and_sees_the_receipt_and_the_new_balance()
    {
        var tenant = await Seed.TenantAsync(platform);
        var account = await tenant.AccountAsync(principal: 400m, interest: 25m, fees: 10m);
        var page = await platform.NewPageAsync(390, 844);
        var tokenized = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/sandbox/tokens", StringComparison.Ordinal))
            {
                tokenized.Add(request.Url);
            }
        };

        await Portal.SignInAsync(page, tenant, account);
        await page.GetByRole(AriaRole.Link, new() { Name = $"See details {account.Reference}" }).ClickAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync(Usd(435m));
        await page.GetByRole(AriaRole.Link, new() { Name = "Make a payment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true })).ToBeEnabledAsync();
        await page.GetByLabel("Another amount").CheckAsync();
        await page.GetByLabel("Amount to pay").FillAsync("100.00");
        await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        var tokenResponse = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync(),
            response => response.Url.Contains("/sandbox/tokens", StringComparison.Ordinal));
        Assert.True(tokenResponse.Ok, $"Tokenization answered {tokenResponse.Status}.");

        var receipt = page.GetByTestId("receipt");
        await Expect(receipt.GetByTestId("amount-paid")).ToHaveTextAsync(Usd(100m));
        await Expect(receipt.GetByTestId("new-balance")).ToHaveTextAsync(Usd(335m));
        var receiptNumber = (await receipt.GetByTestId("receipt-number").TextContentAsync())!.Trim();
        Assert.NotEmpty(receiptNumber);
        // The number went from the browser to the processor's tokenization (through the gateway), not to the web server.
        Assert.Single(tokenized);
        Assert.StartsWith(platform.Gateway.ToString(), tokenized[0], StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the account" }).ClickAsync();
        await Eventually(page, async () => await page.GetByTestId("balance").TextContentAsync() == Usd(335m));
        await Expect(page.GetByTestId("receipts")).ToContainTextAsync(receiptNumber);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_consumer_opens_a_dispute_with_a_document_and_sees_the_account_on_hold()
    {
        var tenant = await Seed.TenantAsync(platform);
        var account = await tenant.AccountAsync();
        var page = await platform.NewPageAsync();

        await Portal.SignInAsync(page, tenant, account);
        await page.GetByRole(AriaRole.Link, new() { Name = $"See details {account.Reference}" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Dispute this debt" }).ClickAsync();
        await page.GetByLabel("Why do you dispute this debt?").SelectOptionAsync("not-mine");
        await page.GetByLabel("Tell us more (optional)").FillAsync("I never had an account with Acme Bank.");
        await page.GetByLabel("Documents (optional)").SetInputFilesAsync(new FilePayload
        {
            Name = "letter.txt",
            MimeType = "text/plain",
            Buffer = Encoding.UTF8.GetBytes("To whom it may concern: this debt is not mine."),
        });
        // The page lists a chosen file once its circuit has it; sending before that would send no document.
        await Expect(page.Locator("li", new() { HasText = "letter.txt" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send dispute" }).ClickAsync();

        var confirmation = page.GetByTestId("dispute-confirmation");
        await Expect(confirmation).ToContainTextAsync("on hold");
        await Expect(confirmation).ToContainTextAsync("1 document(s) attached.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the account" }).ClickAsync();
        await Eventually(page, async () => await page.GetByTestId("hold-notice").CountAsync() == 1);
        await Expect(page.GetByTestId("hold-notice")).ToContainTextAsync("dispute");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Make a payment" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_consumer_chooses_text_messages_as_preferred_channel_and_finds_it_kept_after_a_reload()
    {
        var tenant = await Seed.TenantAsync(platform);
        var account = await tenant.AccountAsync();
        var page = await platform.NewPageAsync(390, 844);

        await Portal.SignInAsync(page, tenant, account);
        await page.GotoAsync("portal/preferences");
        await Portal.InteractiveAsync(page);
        var preferred = page.GetByRole(AriaRole.Group, new() { Name = "Preferred way to send reminders" });
        await Expect(preferred.GetByLabel("No preference")).ToBeCheckedAsync();
        await preferred.GetByLabel("Text messages").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your preferences are saved.");

        await page.ReloadAsync();
        await Portal.InteractiveAsync(page);
        await Expect(preferred.GetByLabel("Text messages")).ToBeCheckedAsync();
        await Expect(preferred.GetByLabel("No preference")).Not.ToBeCheckedAsync();
        await Expect(preferred.GetByLabel("Email")).Not.ToBeCheckedAsync();

        // The same choice, in Spanish.
        await page.Context.AddCookiesAsync([new() { Name = ".AspNetCore.Culture", Value = "c=es|uic=es", Url = platform.Gateway.ToString() }]);
        await page.ReloadAsync();
        await Portal.InteractiveAsync(page);
        var preferida = page.GetByRole(AriaRole.Group, new() { Name = "Vía preferida para los recordatorios" });
        await Expect(preferida.GetByLabel("Mensajes de texto")).ToBeCheckedAsync();
        await Expect(preferida.GetByLabel("Sin preferencia")).Not.ToBeCheckedAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>Reloads the page until <paramref name="condition"/> holds (events reach the services a moment later).</summary>
    internal static async Task Eventually(IPage page, Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(150);
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"Still not so on {page.Url} after 150 s.");
            }

            await Task.Delay(1000);
            await page.ReloadAsync(new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            try
            {
                // On a loaded machine the circuit can take long to start; the next round looks again.
                await Portal.InteractiveAsync(page, 30_000);
            }
            catch (TimeoutException)
            {
            }
        }
    }
}
