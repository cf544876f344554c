using Collections.Disputes.Domain;

namespace Collections.Disputes.Tests;

public sealed class ComplaintTests
{
    private static readonly Actor Staff = new("staff-1", "staff");
    private static readonly DisputableAccount Account = new() { AccountId = Guid.NewGuid(), TenantId = Guid.NewGuid(), Currency = "USD" };
    private static readonly DateTimeOffset Received = new(2026, 11, 2, 15, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lead = TimeSpan.FromDays(2);

    [Fact]
    public void The_default_deadlines_are_15_and_60_days_for_regulators_and_5_and_30_for_the_others()
    {
        var options = new ComplaintOptions();

        Assert.Equal(new ComplaintDeadlines(TimeSpan.FromDays(15), TimeSpan.FromDays(60)), options.For(Guid.NewGuid(), "regulator"));
        foreach (var source in new[] { "consumer", "client", "agent" })
        {
            Assert.Equal(new ComplaintDeadlines(TimeSpan.FromDays(5), TimeSpan.FromDays(30)), options.For(Guid.NewGuid(), source));
        }
    }

    [Fact]
    public void Escalation_is_due_once_the_first_response_deadline_is_within_the_lead_time()
    {
        var complaint = Regulator();

        Assert.False(complaint.ShouldEscalate(Received.AddDays(13).AddMinutes(-1), Lead));
        Assert.True(complaint.ShouldEscalate(Received.AddDays(13), Lead));
        Assert.False(complaint.IsOverdue(Received.AddDays(15)));
        Assert.True(complaint.IsOverdue(Received.AddDays(15).AddTicks(1)));
    }

    [Fact]
    public void After_the_first_response_only_the_close_deadline_counts()
    {
        var complaint = Regulator();
        complaint.RespondFirst("We are looking into it.", Staff, Received.AddDays(1));

        Assert.Equal(ComplaintStatus.Responded, complaint.Status);
        Assert.False(complaint.ShouldEscalate(Received.AddDays(40), Lead));
        Assert.False(complaint.IsOverdue(Received.AddDays(40)));
        Assert.True(complaint.ShouldEscalate(Received.AddDays(58), Lead));
        Assert.True(complaint.IsOverdue(Received.AddDays(61)));
    }

    [Fact]
    public void A_complaint_is_escalated_only_once()
    {
        var complaint = Regulator();
        var now = Received.AddDays(14);

        var entry = complaint.Escalate("first response due", Staff, now);

        Assert.Equal("escalated", entry.Action);
        Assert.Equal(ComplaintStatus.Escalated, complaint.Status);
        Assert.False(complaint.ShouldEscalate(now, Lead));
        Assert.Throws<Microsoft.Extensions.Hosting.BusinessRuleException>(() => complaint.Escalate("again", Staff, now));
    }

    [Fact]
    public void Closing_after_the_close_deadline_is_recorded_as_late()
    {
        var onTime = Regulator();
        var late = Regulator();

        onTime.Resolve("cause", "fixed", Staff, Received.AddDays(60));
        late.Resolve("cause", "fixed", Staff, Received.AddDays(61));

        Assert.False(onTime.ClosedLate);
        Assert.True(late.ClosedLate);
        Assert.False(late.IsOverdue(Received.AddDays(90)));
    }

    private static Complaint Regulator() => Complaint.Open(
        Account, "regulator", "CFPB-1", "harassment", "high", "calls", null, null, Received, new ComplaintOptions().For(Account.TenantId, "regulator"), Staff, Received).Complaint;
}
