using System.Globalization;

namespace Sfu.Load.Cli;

/// <summary>Reads sfu-load's command line; every option is documented in <see cref="Help"/>.</summary>
public static class LoadOptionsParser
{
    public const string Help = """
        sfu-load — synthetic participants against a server that speaks the Odoo SFU protocol.

        Usage: sfu-load --url http://127.0.0.1:8070 --key <AUTH_KEY> [options]

          --url <url>            server base URL (default http://127.0.0.1:8070)
          --key <base64>         the server's AUTH_KEY; tokens are signed with it (required)
          --scenario <a|b|c|d>   a: 1 channel of 10, all publishing camera+mic; b: 1 publisher, 200 subscribers
                                 (the server needs CHANNEL_SIZE of at least 201);
                                 c: 20 channels of 5; d: join/leave churn for --duration (default: the counts below)
          --channels <n>         channels (default 1)
          --participants <n>     participants per channel (default 3)
          --publishers <n>       publishers per channel (default: all participants)
          --duration <seconds>   how long media flows (default 10)
          --no-simulcast         one VP8 stream instead of three layers
          --churn-stay <seconds> scenario d: how long a participant stays before it is replaced (default 5)
          --server-pid <pid>     read the server's CPU, memory and threads from /proc/<pid>
          --steady-wait <s>      most seconds to wait, before each memory sample, for the server's resident memory
                                 to stop growing (default 20; 0 samples after 3 s of media and skips the idle 15 s
                                 after the warm-up)
          --warm-up <s>          seconds of media of a first, unmeasured pass: participants in channels like the
                                 scenario's join, send and leave, and the server is left idle for 15 s before the
                                 measured run, so that what it does once (compiling the code of joins and media,
                                 growing its pools) is not counted (default 5; 0 skips it)
          --warm-up-joins <n>    the warm-up's participants at least, in more channels if needed (default 64: code
                                 that runs once per join is optimised only after a few dozen runs)
          --relay                also run the same traffic through a bare UDP relay (the system-call floor)
          --report <file.json>   write the JSON report there
          --plot <file.svg>      write a plot of forwarded packets/s and server cores (with --server-pid) over time
          --quiet                no live progress line
          --help                 this text

        Publishers send opus (50 packets/s) and VP8 at 30 frames/s: three simulcast layers of about 150, 500 and
        850 kbit/s (key frames every 3 s and on request), or one layer of 850 kbit/s, and a Sender Report per stream
        every second. Subscribers receive, return transport-cc feedback every 100 ms, send NACKs for gaps, and measure
        loss, jitter and latency (the send time travels in each payload); RTX packets (retransmissions, bandwidth
        probes) are counted apart from the forwarded media.
        """;

    /// <summary>Parses; null with <paramref name="error"/> set when the line is wrong, or when help was asked.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new LoadOptions();
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{name} needs a value");
                }

                return args[++i];
            }

            int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
                ? n
                : throw new FormatException($"{name} takes a positive whole number");

            TimeSpan SecondsOrZero() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s >= 0
                ? TimeSpan.FromSeconds(s)
                : throw new FormatException($"{name} takes a number of seconds, 0 or more");

            TimeSpan Seconds() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0
                ? TimeSpan.FromSeconds(s)
                : throw new FormatException($"{name} takes a positive number of seconds");

            try
            {
                options = name switch
                {
                    "--url" => options with { Url = Uri.TryCreate(Value(), UriKind.Absolute, out Uri? url) ? url : throw new FormatException("--url takes an absolute URL") },
                    "--key" => options with { Key = Value() },
                    "--scenario" => options with { Scenario = Value().ToLowerInvariant() switch
                    {
                        "a" => LoadScenario.A, "b" => LoadScenario.B, "c" => LoadScenario.C, "d" => LoadScenario.D,
                        _ => throw new FormatException("--scenario takes a, b, c or d"),
                    } },
                    "--channels" => options with { Channels = Count() },
                    "--participants" => options with { ParticipantsPerChannel = Count() },
                    "--publishers" => options with { PublishersPerChannel = Count() },
                    "--duration" => options with { Duration = Seconds() },
                    "--no-simulcast" => options with { Simulcast = false },
                    "--churn-stay" => options with { ChurnStay = Seconds() },
                    "--server-pid" => options with { ServerPid = Count() },
                    "--steady-wait" => options with { SteadyWait = SecondsOrZero() },
                    "--warm-up" => options with { WarmUp = SecondsOrZero() },
                    "--warm-up-joins" => options with { WarmUpJoins = Count() },
                    "--relay" => options with { Relay = true },
                    "--report" => options with { ReportPath = Value() },
                    "--plot" => options with { PlotPath = Value() },
                    "--quiet" => options with { Quiet = true },
                    "--help" or "-h" => throw new FormatException(Help),
                    _ => throw new FormatException($"unknown option {name} (see --help)"),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }

        if (string.IsNullOrEmpty(options.Key))
        {
            error = "--key is required: the server's AUTH_KEY (see --help)";
            return null;
        }

        return options.WithScenarioDefaults();
    }
}
