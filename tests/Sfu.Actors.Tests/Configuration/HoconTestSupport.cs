using Sfu.Actors.Configuration;

namespace Sfu.Actors.Tests.Configuration;

/// <summary>Reading helpers that never touch the real environment or the file system by accident.</summary>
internal static class HoconTestSupport
{
    public static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    public static HoconObject Read(string text, IReadOnlyDictionary<string, string?>? environment = null,
        IReadOnlyDictionary<string, string>? files = null) =>
        HoconReader.Parse(text, Options(environment, files));

    public static HoconReadOptions Options(IReadOnlyDictionary<string, string?>? environment = null,
        IReadOnlyDictionary<string, string>? files = null) => new()
    {
        Environment = environment ?? NoEnvironment,
        FileReader = files is null ? _ => null : path => files.TryGetValue(path, out var text) ? text : null,
        BaseDirectory = "/virtual",
    };

    public static HoconParseException ReadFails(string text, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var act = () => Read(text, environment);
        return act.Should().Throw<HoconParseException>().Which;
    }
}
