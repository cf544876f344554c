using Microsoft.Playwright;

namespace Collections.Web.Tests;

/// <summary>What a consumer does in the portal, as browser steps.</summary>
public static class Portal
{
    public static async Task SignInAsync(IPage page, Seed tenant, SeededAccount account)
    {
        await SubmitSignInAsync(page, tenant, account);
        await page.WaitForURLAsync("**/app/portal");
        await InteractiveAsync(page);
    }

    /// <summary>Waits until the page's Blazor circuit is live, so interactive controls answer.</summary>
    public static Task InteractiveAsync(IPage page, float? timeoutMilliseconds = null) =>
        page.Locator("#interactive-marker").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = timeoutMilliseconds });

    public static async Task SubmitSignInAsync(IPage page, Seed tenant, SeededAccount account)
    {
        await page.GotoAsync("portal/sign-in");
        await page.GetByLabel("Agency code").FillAsync(tenant.Slug);
        await page.GetByLabel("Account reference").FillAsync(account.Reference);
        await page.GetByLabel("Date of birth").FillAsync(account.DateOfBirth);
        await page.GetByLabel("Postal code").FillAsync(account.PostalCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
