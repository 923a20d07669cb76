namespace Sfu.Transport.Tests.WebRtc;

/// <summary>Waits for a condition another thread will make true; the deadline only guards against a hang.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string because)
    {
        DateTime guard = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > guard)
            {
                throw new Xunit.Sdk.XunitException($"Still false after the guard period: {because}");
            }

            await Task.Delay(5);
        }
    }
}
