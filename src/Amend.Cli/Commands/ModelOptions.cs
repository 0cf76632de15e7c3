using System.CommandLine;
using Amend.Models.HuggingFace;

namespace Amend.Cli.Commands;

/// <summary>The --model and --tokenizer options every model command shares, and loading what they name.</summary>
internal sealed class ModelOptions
{
    public Option<string> Model { get; } = new("--model")
    {
        Description = "A Hugging Face model folder (config.json + safetensors) or a llama2.c .bin checkpoint.",
        Required = true,
    };

    public Option<string?> Tokenizer { get; } = new("--tokenizer")
    {
        Description = "Take the tokenizer from this folder (tokenizer.json or vocab.json + merges.txt) or llama2.c tokenizer file instead.",
    };

    public void AddTo(Command command)
    {
        command.Add(Model);
        command.Add(Tokenizer);
    }

    public PretrainedModel Load(ParseResult parse, TextWriter error)
    {
        var warnings = new List<string>();
        var loaded = PretrainedModel.Load(parse.GetValue(Model)!, parse.GetValue(Tokenizer), warnings);
        foreach (string warning in warnings) error.WriteLine("warning: " + warning);
        return loaded;
    }
}
