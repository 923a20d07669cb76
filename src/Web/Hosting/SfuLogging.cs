using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Sinks.SystemConsole.Themes;
using Sfu.Actors.Configuration;

namespace Sfu.Web.Hosting;

/// <summary>Serilog on the console, shaped by LOG_LEVEL, LOG_TIMESTAMP and LOG_COLOR (PROTOCOL.md §5.9).</summary>
public static class SfuLogging
{
    public static Logger CreateLogger(LoggingSettings settings)
    {
        var configuration = new LoggerConfiguration().Enrich.FromLogContext();
        configuration = settings.Level switch
        {
            "none" => configuration.MinimumLevel.Fatal().Filter.ByExcluding(_ => true),
            "error" => configuration.MinimumLevel.Error(),
            "warn" => configuration.MinimumLevel.Warning(),
            "info" => configuration.MinimumLevel.Information(),
            "debug" => configuration.MinimumLevel.Debug(),
            _ => configuration.MinimumLevel.Verbose(),
        };

        // Framework chatter stays at warnings unless the operator asked for everything.
        LogEventLevel frameworkLevel = settings.Level is "debug" or "verbose" ? LogEventLevel.Information : LogEventLevel.Warning;
        configuration = configuration.MinimumLevel.Override("Microsoft", frameworkLevel);

        string template = (settings.Timestamp ? "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} " : string.Empty)
            + "[{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";
        bool color = settings.Color ?? !Console.IsOutputRedirected;
        return configuration.WriteTo.Console(
                outputTemplate: template,
                theme: color ? AnsiConsoleTheme.Code : ConsoleTheme.None,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }

    public static ILoggerFactory CreateFactory(Logger logger) => new SerilogLoggerFactory(logger, dispose: false);
}
