namespace Sfu.Actors.TestKit;

/// <summary>An expectation of the TestKit failed (no test framework dependency: any runner reports it).</summary>
public sealed class TestKitAssertionException : Exception
{
    public TestKitAssertionException()
    {
    }

    public TestKitAssertionException(string message)
        : base(message)
    {
    }

    public TestKitAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
