namespace Collections.IntegrationTesting;

/// <summary>Waits for an asynchronous outcome by polling with a deadline, never by sleeping a guessed time.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it returns a value that satisfies <paramref name="done"/>, or fails at the deadline.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {within.TotalSeconds:0.#} s waiting for {what}; last value: {last}");
            }

            await Task.Delay(100);
        }
    }
}
