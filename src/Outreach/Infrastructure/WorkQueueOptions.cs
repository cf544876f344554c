namespace Collections.Outreach.Infrastructure;

/// <summary>Settings of the work queue and promise tracking (configuration section <c>Outreach:WorkQueue</c>).</summary>
public sealed class WorkQueueOptions
{
    public const string Section = "Outreach:WorkQueue";

    /// <summary>How long an agent holds an account handed out by the queue before another agent may take it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed calls (no answer, not connected, refused) since the last right-party contact that escalate the account to the senior queue.</summary>
    public int EscalateAfterFailedAttempts { get; set; } = 6;

    /// <summary>Broken promises that escalate the account to the senior queue.</summary>
    public int EscalateAfterBrokenPromises { get; set; } = 2;

    /// <summary>Whole days after the due date, in the consumer's zone, before an unpaid promise is broken.</summary>
    public int PromiseGraceDays { get; set; } = 2;

    /// <summary>How often the sweeper looks for promises past their grace period.</summary>
    public TimeSpan PromiseSweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Registers the work queue and the promise sweeper.</summary>
public static class WorkQueueRegistration
{
    public static IServiceCollection AddWorkQueue(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WorkQueueOptions>(configuration.GetSection(WorkQueueOptions.Section));
        services.AddScoped<CallQueue>();
        services.AddSingleton<PromiseSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<PromiseSweeper>());
        return services;
    }
}
