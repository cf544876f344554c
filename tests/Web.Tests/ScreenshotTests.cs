using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Collections.Web.Tests;

/// <summary>
/// Screenshots of the consumer portal at desktop (1366x900) and phone (390x844) widths, written to
/// docs/screenshots/ of the repository (linked from the README); each is checked to be a real picture.
/// </summary>
public sealed class ScreenshotTests(WebPlatform platform)
{
    private static readonly (string Name, int Width, int Height)[] Viewports = [("desktop", 1366, 900), ("phone", 390, 844)];

    [Fact]
    public async Task The_portal_screens_are_captured_at_desktop_and_phone_widths()
    {
        var directory = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(directory);
        var tenant = await Seed.TenantAsync(platform);
        foreach (var (name, width, height) in Viewports)
        {
            var account = await tenant.AccountAsync(principal: 1200m, interest: 84.5m, fees: 35m);
            var page = await platform.NewPageAsync(width, height);

            await page.GotoAsync("portal/sign-in");
            await Expect(page.GetByLabel("Postal code")).ToBeVisibleAsync();
            await Capture(page, directory, $"portal-sign-in-{name}.png");

            await Portal.SignInAsync(page, tenant, account);
            await Expect(page.GetByTestId("balance").First).ToBeVisibleAsync();
            await Capture(page, directory, $"portal-accounts-{name}.png");

            await page.GetByRole(AriaRole.Link, new() { Name = $"See details {account.Reference}" }).ClickAsync();
            await Expect(page.GetByTestId("itemization")).ToBeVisibleAsync();
            await Capture(page, directory, $"portal-account-{name}.png");

            await page.GetByRole(AriaRole.Link, new() { Name = "Make a payment" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true })).ToBeEnabledAsync();
            await page.GetByLabel("Another amount").CheckAsync();
            await page.GetByLabel("Amount to pay").FillAsync("150.00");
            await Capture(page, directory, $"portal-pay-{name}.png");
            await page.GetByLabel("Card number").FillAsync("4242424242424242");
            await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("receipt")).ToBeVisibleAsync();
            await Capture(page, directory, $"portal-receipt-{name}.png");

            await page.GotoAsync($"portal/accounts/{account.Id}/options");
            await Portal.InteractiveAsync(page);
            await Expect(page.GetByLabel("Number of payments")).ToBeVisibleAsync();
            await Capture(page, directory, $"portal-plan-{name}.png");

            await page.GotoAsync($"portal/accounts/{account.Id}/dispute");
            await Portal.InteractiveAsync(page);
            await Expect(page.GetByLabel("Why do you dispute this debt?")).ToBeVisibleAsync();
            await Capture(page, directory, $"portal-dispute-{name}.png");

            await page.GotoAsync("portal/preferences");
            await Portal.InteractiveAsync(page);
            await Expect(page.GetByLabel("Phone calls")).ToBeVisibleAsync();
            await Capture(page, directory, $"portal-preferences-{name}.png");
            await page.Context.CloseAsync();
        }
    }

    private static async Task Capture(IPage page, string directory, string file)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var path = Path.Combine(directory, file);
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(png.Length > 1000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', $"{file} is not a PNG picture.");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above the test's directory.");
    }
}
