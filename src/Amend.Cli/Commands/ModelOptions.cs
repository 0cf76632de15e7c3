using System.CommandLine;
using System.Text.RegularExpressions;
using Amend.Cli.Output;
using Amend.Models.HuggingFace;

namespace Amend.Cli.Commands;

/// <summary>The --model, --tokenizer and hub options every model command shares, and loading what they name.</summary>
internal sealed partial class ModelOptions
{
    public Option<string> Model { get; } = new Option<string>("--model")
    {
        Description = "A Hugging Face model folder (config.json + safetensors), a llama2.c .bin checkpoint, or a hub id (gpt2, owner/name) downloaded to the cache.",
        Required = true,
    }.Must(model => !string.IsNullOrWhiteSpace(model), "a folder, a llama2.c file or a hub id");

    public Option<bool> Offline { get; } = new("--offline")
    {
        Description = "Use only the local hub cache for hub ids; never touch the network.",
    };

    public Option<string?> Revision { get; } = new("--revision")
    {
        Description = "Hub revision (branch, tag or commit) for hub ids; default main.",
    };

    public Option<string?> Tokenizer { get; } = new("--tokenizer")
    {
        Description = "Take the tokenizer from this folder (tokenizer.json or vocab.json + merges.txt) or llama2.c tokenizer file instead.",
    };

    public void AddTo(Command command)
    {
        command.Add(Model);
        command.Add(Tokenizer);
        command.Add(Offline);
        command.Add(Revision);
    }

    public PretrainedModel Load(ParseResult parse, TextWriter error)
    {
        var warnings = new List<string>();
        var loaded = PretrainedModel.Load(Resolve(parse, error), parse.GetValue(Tokenizer), warnings);
        CommandWarnings.Write(error, warnings);
        return loaded;
    }

    // A path that exists is used as is; otherwise a hub id (gpt2, owner/name) is fetched into the cache.
    private string Resolve(ParseResult parse, TextWriter error)
    {
        string model = parse.GetValue(Model)!;
        if (Directory.Exists(model) || File.Exists(model) || !HubId().IsMatch(model)) return model;
        var environment = HubOptions.FromEnvironment();
        using var hub = new HubClient(environment with { Offline = parse.GetValue(Offline) || environment.Offline });
        string revision = parse.GetValue(Revision) ?? "main";
        string folder;
        try
        {
            folder = DownloadProgress.Run(error, progress => hub.DownloadModelAsync(model, revision, progress));
        }
        catch (Exception e) when (e is HubException or HttpRequestException or IOException && LocalOwner(model) is string owner)
        {
            // "models/gpt2x" beside a local models/ folder is more likely a mistyped path than a hub id: say both.
            throw new DirectoryNotFoundException($"no model folder at {model} (though {owner} is a folder here), and as a hub id: {e.Message}", e);
        }

        CommandWarnings.Write(error, hub.Warnings);
        return folder;
    }

    private static string? LocalOwner(string model) =>
        model.IndexOf('/', StringComparison.Ordinal) is int slash and > 0 && Directory.Exists(model[..slash]) ? model[..slash] + "/" : null;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")]
    private static partial Regex HubId();
}
