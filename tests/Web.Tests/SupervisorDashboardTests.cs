using System.Globalization;
using static Microsoft.Playwright.Assertions;

namespace Collections.Web.Tests;

/// <summary>The supervisor dashboard in the browser: today's collected amount from Reporting.</summary>
public sealed class SupervisorDashboardTests(WebPlatform platform)
{
    [Fact]
    public async Task The_supervisor_dashboard_shows_a_payment_made_today_in_todays_collected_amount()
    {
        var tenant = await Seed.TenantAsync(platform);
        var staff = new Staff(platform, tenant);
        var supervisor = await staff.UserAsync("supervisor", "supervisor", "admin");
        var account = await staff.AccountWithPhoneAsync();
        await staff.PayAsync(account, 123.45m);
        var page = await platform.NewPageAsync();
        await Staff.SignInAsync(page, tenant, supervisor, "supervisor");

        // Reporting projects the payment from its event: reload until it is counted (bounded).
        var expected = string.Create(CultureInfo.GetCultureInfo("en"), $"{123.45m:N2} USD");
        var collected = page.GetByTestId("collected-today");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        while (true)
        {
            await Expect(page.Locator("[data-testid='dashboard'][data-loaded='true']")).ToBeVisibleAsync();
            if ((await collected.InnerTextAsync()).Trim() == expected)
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Today's collected amount did not reach {expected} within 120 s; it shows {await collected.InnerTextAsync()}.");
            await Task.Delay(2000, TestContext.Current.CancellationToken);
            await page.ReloadAsync();
        }

        await Expect(collected).ToHaveTextAsync(expected);
        await Expect(page.GetByTestId("collected-range")).ToHaveTextAsync(expected);

        await page.ScreenshotAsync(new() { Path = Staff.ScreenshotPath("supervisor-dashboard-desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Staff.ScreenshotPath("supervisor-dashboard-phone.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
