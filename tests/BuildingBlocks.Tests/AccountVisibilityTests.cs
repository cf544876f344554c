using System.Security.Claims;
using Collections.BuildingBlocks.Security;

namespace Collections.BuildingBlocks.Tests;

public sealed class AccountVisibilityTests
{
    private static readonly (Guid Client, Guid Consumer) Mine = (Guid.NewGuid(), Guid.NewGuid());
    private static readonly (Guid Client, Guid Consumer) Theirs = (Guid.NewGuid(), Guid.NewGuid());

    private static readonly IQueryable<Held> Accounts = new[]
    {
        new Held(Mine.Client, Mine.Consumer),
        new Held(Mine.Client, Theirs.Consumer),
        new Held(Theirs.Client, Theirs.Consumer),
    }.AsQueryable();

    [Fact]
    public void Staff_see_every_account() =>
        Assert.Equal(3, Accounts.VisibleTo(Caller(ActorKinds.Staff, (CallerClaims.Role, Roles.Agent))).Count());

    [Fact]
    public void A_client_sees_only_its_own_clients_accounts() =>
        Assert.All(Accounts.VisibleTo(Caller(ActorKinds.Client, (CallerClaims.ClientId, Mine.Client.ToString()))), a => Assert.Equal(Mine.Client, a.ClientId));

    [Fact]
    public void A_consumer_sees_only_their_own_accounts() =>
        Assert.Equal(Mine.Consumer, Assert.Single(Accounts.VisibleTo(Caller(ActorKinds.Consumer, (CallerClaims.ConsumerId, Mine.Consumer.ToString())))).ConsumerId);

    [Fact]
    public void A_client_key_without_a_client_sees_nothing() =>
        Assert.Empty(Accounts.VisibleTo(Caller(ActorKinds.Client)));

    [Fact]
    public void A_consumer_session_without_a_consumer_sees_nothing() =>
        Assert.Empty(Accounts.VisibleTo(Caller(ActorKinds.Consumer, (CallerClaims.ClientId, Mine.Client.ToString()))));

    [Fact]
    public void Any_other_caller_sees_nothing() =>
        Assert.Empty(Accounts.VisibleTo(Caller(ActorKinds.Platform, (CallerClaims.Role, Roles.PlatformAdmin))));

    private static Caller Caller(string actor, params (string Type, string Value)[] claims) =>
        new(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(CallerClaims.Actor, actor), .. claims.Select(c => new Claim(c.Type, c.Value))], "test")));

    private sealed record Held(Guid ClientId, Guid ConsumerId) : IAccountParties;
}
