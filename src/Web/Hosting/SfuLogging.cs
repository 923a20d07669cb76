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
        var configuration = new LoggerConfiguration().Enrich.FromLogContext().Enrich.With<UtcTimestampEnricher>();
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

        string template = (settings.Timestamp ? "{" + UtcTimestampEnricher.PropertyName + ":yyyy-MM-ddTHH:mm:ss.fffZ} " : string.Empty)
            + "[{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";
        bool color = settings.Color ?? !Console.IsOutputRedirected;
        return configuration.WriteTo.Console(
                outputTemplate: template,
                theme: color ? AnsiConsoleTheme.Code : ConsoleTheme.None,
                // LOG_COLOR asks for colours even in a pipe or a file (the sink drops them there by default).
                applyThemeToRedirectedOutput: color,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }

    public static ILoggerFactory CreateFactory(Logger logger) => new SerilogLoggerFactory(logger, dispose: false);

    /// <summary>
    /// The event's time in UTC: Serilog's own timestamp is local, and the line's trailing Z promises UTC (as
    /// upstream's ISO timestamps are). This Serilog has no built-in UTC token.
    /// </summary>
    private sealed class UtcTimestampEnricher : ILogEventEnricher
    {
        public const string PropertyName = "UtcTimestamp";

        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) =>
            logEvent.AddPropertyIfAbsent(new LogEventProperty(PropertyName, new ScalarValue(logEvent.Timestamp.UtcDateTime)));
    }
}
