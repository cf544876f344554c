using Collections.Outreach.Channels;

namespace Collections.Outreach.Strategies;

/// <summary>Registers strategies, the daily run, the dispatcher and the channel providers.</summary>
public static class StrategyServices
{
    /// <summary>
    /// Email goes through SMTP when <c>Outreach:Channels:Email:Provider</c> is <c>Smtp</c> (settings under
    /// <c>Outreach:Channels:Smtp</c>); otherwise, and for texts and letters, the development mailbox keeps every message.
    /// </summary>
    public static IHostApplicationBuilder AddContactStrategies(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<StrategySettings>(builder.Configuration.GetSection("Outreach:Strategy"));
        services.Configure<OptOutSettings>(builder.Configuration.GetSection("Outreach:OptOut"));
        services.Configure<SmtpSettings>(builder.Configuration.GetSection("Outreach:Channels:Smtp"));
        services.AddSingleton<OptOutLinks>();
        services.AddScoped<DailyStrategyRun>();
        services.AddScoped<MessageDispatcher>();
        services.AddSingleton<StrategyRunner>();
        services.AddHostedService<StrategyScheduler>();
        services.AddScoped<DevelopmentMailbox>();
        services.AddScoped<ISmsChannel>(sp => sp.GetRequiredService<DevelopmentMailbox>());
        services.AddScoped<ILetterChannel>(sp => sp.GetRequiredService<DevelopmentMailbox>());
        if (string.Equals(builder.Configuration["Outreach:Channels:Email:Provider"], "Smtp", StringComparison.OrdinalIgnoreCase))
        {
            services.AddScoped<IEmailChannel, SmtpEmailChannel>();
        }
        else
        {
            services.AddScoped<IEmailChannel>(sp => sp.GetRequiredService<DevelopmentMailbox>());
        }

        return builder;
    }
}
