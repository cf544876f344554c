using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Collections.Web.Tests;

/// <summary>The front end served through the gateway: sign-in pages and a consumer's first sign-in.</summary>
public sealed class SignInTests(WebPlatform platform)
{
    [Fact]
    public async Task The_sign_in_pages_render_through_the_gateway_in_English_and_Spanish()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("portal/sign-in");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to your account" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Date of birth")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Acceda a su cuenta" })).ToBeVisibleAsync();

        await page.GotoAsync("agent/sign-in");
        await Expect(page.GetByLabel("Contraseña")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_consumer_signs_in_with_reference_date_of_birth_and_postal_code_and_sees_the_balance()
    {
        var tenant = await Seed.TenantAsync(platform);
        var account = await tenant.AccountAsync(principal: 400m, interest: 20m, fees: 5m);
        var page = await platform.NewPageAsync(390, 844);

        await Portal.SignInAsync(page, tenant, account);

        var card = page.Locator($"[data-account='{account.Reference}']");
        await Expect(card.GetByTestId("balance")).ToHaveTextAsync(string.Create(CultureInfo.GetCultureInfo("en"), $"{425m:N2} USD"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Wrong_facts_do_not_sign_in_and_say_so()
    {
        var tenant = await Seed.TenantAsync(platform);
        var account = await tenant.AccountAsync();
        var page = await platform.NewPageAsync();

        await Portal.SubmitSignInAsync(page, tenant, account with { PostalCode = "99999" });

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("could not find an account");
        Assert.EndsWith("/app/portal/sign-in", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
