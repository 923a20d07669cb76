using Sfu.Web.Hosting;

InheritedSignalIgnores.RestoreStopSignals();
return await SfuProgram.RunAsync(args, Environment.GetEnvironmentVariables()
    .Cast<System.Collections.DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value));
