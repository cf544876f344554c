using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Collections.Web.Tests;

/// <summary>The agent workspace in the browser: the work queue, the engine's verdicts, recording a call and a promise.</summary>
public sealed class AgentWorkspaceTests(WebPlatform platform)
{
    /// <summary>
    /// Where the consumer may be called now: the engine (rightly) blocks calls outside 08:00–21:00 local time, so the
    /// consumer lives where it is day. Only between 11:00 and 12:00 UTC is there no such place in the US.
    /// </summary>
    private static CallablePlace RequireCallablePlace()
    {
        var place = CallablePlace.At(DateTimeOffset.UtcNow);
        Assert.SkipWhen(place is null, $"At {DateTimeOffset.UtcNow:HH:mm} UTC it is outside 08:00–21:00 in every US state and territory: no consumer may be called.");
        return place!;
    }

    [Fact]
    public async Task An_agent_takes_the_next_account_and_records_a_promise_to_pay()
    {
        var place = RequireCallablePlace();
        var phone = place.Phone();
        var tenant = await Seed.TenantAsync(platform);
        var staff = new Staff(platform, tenant);
        var agent = await staff.UserAsync("agent", "agent");
        var account = await staff.AccountWithPhoneAsync(place, principal: 640m);
        await staff.QueueCallAsync(account, phone);
        var page = await platform.NewPageAsync();

        await Staff.SignInAsync(page, tenant, agent, "agent");
        // A click before the page's circuit is live does nothing: wait for it like the portal's tests.
        await Portal.InteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next account" }).ClickAsync();

        await page.WaitForURLAsync($"**/app/agent/accounts/{account.Id}");
        await Expect(page.GetByTestId("reference")).ToHaveTextAsync(account.Reference);
        await Expect(page.GetByTestId("disclosure")).ToContainTextAsync("debt collector");
        var number = page.Locator($"[data-number='{phone}']");
        await Expect(number).ToHaveAttributeAsync("data-allowed", "true");
        await number.GetByRole(AriaRole.Button, new() { Name = "Record call" }).ClickAsync();
        await Expect(page.GetByTestId("call-recorded")).ToContainTextAsync(phone);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Promise to pay" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record promise" }).ClickAsync();

        var amount = string.Create(CultureInfo.GetCultureInfo("en"), $"{640m:N2} USD");
        await Expect(page.GetByTestId("notice")).ToContainTextAsync($"Promise recorded: {amount}");
        var promise = page.GetByTestId("promises").Locator("tbody tr").First;
        await Expect(promise).ToContainTextAsync(amount);
        await Expect(promise).ToContainTextAsync("Open");

        await page.ScreenshotAsync(new() { Path = Staff.ScreenshotPath("agent-workspace-desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Staff.ScreenshotPath("agent-workspace-phone.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_consumers_dispute_puts_the_account_on_hold_and_the_workspace_offers_no_call()
    {
        var place = RequireCallablePlace();
        var phone = place.Phone();
        var tenant = await Seed.TenantAsync(platform);
        var staff = new Staff(platform, tenant);
        var agent = await staff.UserAsync("agent", "agent");
        var account = await staff.AccountWithPhoneAsync(place);
        await staff.QueueCallAsync(account, phone);
        await staff.DisputeAsync(account);
        var page = await platform.NewPageAsync();
        await Staff.SignInAsync(page, tenant, agent, "agent");

        // The hold reaches Accounts and Outreach by events: look again until both show it (bounded).
        var number = page.Locator($"[data-number='{phone}']");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            await page.GotoAsync($"agent/accounts/{account.Id}");
            await Expect(page.GetByTestId("reference")).ToHaveTextAsync(account.Reference);
            await Expect(number).ToBeVisibleAsync();
            if (await page.GetByTestId("holds").IsVisibleAsync() && await number.GetAttributeAsync("data-allowed") == "false")
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "The dispute's hold did not reach the agent workspace within 90 s.");
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }

        await Expect(page.GetByTestId("holds")).ToContainTextAsync("On hold");
        await Expect(number.GetByTestId("block-reasons")).ToBeVisibleAsync();
        // It is day where the consumer lives: the hold is the reason, not the hour.
        await Expect(number.GetByTestId("block-reasons").Locator("li[data-code='dispute-hold']")).Not.ToBeEmptyAsync();
        await Expect(number.GetByTestId("block-reasons").Locator("li[data-code='inconvenient-time']")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record call" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Promise to pay" })).ToHaveClassAsync(new Regex(@"\bmud-disabled\b"));

        // Nor does the queue hand it out.
        await page.GotoAsync("agent");
        await Portal.InteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next account" }).ClickAsync();
        await Expect(page.GetByTestId("queue-empty")).ToBeVisibleAsync();

        await page.GotoAsync($"agent/accounts/{account.Id}");
        // The live page loads the account again once its circuit starts: picture it after that, not while it loads.
        await Portal.InteractiveAsync(page);
        await Expect(page.GetByTestId("holds")).ToBeVisibleAsync();
        await Expect(number.GetByTestId("block-reasons").Locator("li[data-code='dispute-hold']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Staff.ScreenshotPath("agent-workspace-hold-desktop.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
