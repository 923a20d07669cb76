namespace Sfu.Load.Cli;

/// <summary>The scenarios of issue 6: (a) one channel of 10 all publishing, (b) one publisher and 200 subscribers,
/// (c) 20 channels of 5, (d) join/leave churn; "custom" takes the counts given on the command line.</summary>
public enum LoadScenario
{
    Custom,
    A,
    B,
    C,
    D,
}

/// <summary>What one run of sfu-load does. Defaults give a small run against a local development server.</summary>
public sealed record LoadOptions
{
    public Uri Url { get; init; } = new("http://127.0.0.1:8070");

    /// <summary>The server's AUTH_KEY (base64): the tool signs its own channel and session tokens with it.</summary>
    public string? Key { get; init; }

    public LoadScenario Scenario { get; init; } = LoadScenario.Custom;

    public int Channels { get; init; } = 1;

    public int ParticipantsPerChannel { get; init; } = 3;

    /// <summary>How many participants of each channel publish (camera + microphone); the rest only subscribe.</summary>
    public int PublishersPerChannel { get; init; } = int.MaxValue;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Three VP8 layers (r0/r1/r2) instead of one stream.</summary>
    public bool Simulcast { get; init; } = true;

    public string? ReportPath { get; init; }

    /// <summary>Where to write the SVG plot of forwarded packets/s and server cores over time.</summary>
    public string? PlotPath { get; init; }

    /// <summary>The server's process id, to read its CPU, memory and threads from /proc.</summary>
    public int? ServerPid { get; init; }

    /// <summary>Most time to wait for the server's resident memory to stop growing before each memory sample.</summary>
    public TimeSpan SteadyWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Media time of a first, unmeasured pass of the same participants (they join, send, and leave before the measured
    /// run); zero skips it. What a server does once, whoever joins (compiling the code of joins and of the media path,
    /// growing its pools), then is not counted as the measured sessions' memory or CPU.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Joins the warm-up pass makes at least (more channels like the scenario's when it has fewer participants): code
    /// that runs once per join is compiled again, optimised, only once it has run a few dozen times (.NET: 30 calls,
    /// twice with its profiling tier).
    /// </summary>
    public int WarmUpJoins { get; init; } = 64;

    /// <summary>Also measure the bare UDP relay floor with the same traffic.</summary>
    public bool Relay { get; init; }

    /// <summary>Churn (scenario d): how long each participant stays before leaving and a new one joins.</summary>
    public TimeSpan ChurnStay { get; init; } = TimeSpan.FromSeconds(5);

    public bool Quiet { get; init; }

    /// <summary>Applies a scenario's counts over the command line's.</summary>
    public LoadOptions WithScenarioDefaults() => Scenario switch
    {
        LoadScenario.A => this with { Channels = 1, ParticipantsPerChannel = 10, PublishersPerChannel = 10 },
        LoadScenario.B => this with { Channels = 1, ParticipantsPerChannel = 201, PublishersPerChannel = 1 },
        LoadScenario.C => this with { Channels = 20, ParticipantsPerChannel = 5, PublishersPerChannel = 5 },
        LoadScenario.D => this with { Channels = 1, ParticipantsPerChannel = 5, PublishersPerChannel = 5 },
        _ => this,
    };
}
