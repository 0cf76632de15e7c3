using System.CommandLine;
using System.Text.RegularExpressions;
using Amend.Cli.Output;
using Amend.Models.HuggingFace;

namespace Amend.Cli.Commands;

/// <summary>The --model, --tokenizer and hub options every model command shares, and loading what they name.</summary>
internal sealed partial class ModelOptions
{
    public Option<string> Model { get; } = new("--model")
    {
        Description = "A Hugging Face model folder (config.json + safetensors), a llama2.c .bin checkpoint, or a hub id (gpt2, owner/name) downloaded to the cache.",
        Required = true,
    };

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
        foreach (string warning in warnings) error.WriteLine("warning: " + warning);
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
        string folder = DownloadProgress.Run(error, progress => hub.DownloadModelAsync(model, revision, progress));
        foreach (string warning in hub.Warnings) error.WriteLine("warning: " + warning);
        return folder;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")]
    private static partial Regex HubId();
}
