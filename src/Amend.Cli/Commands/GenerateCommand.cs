using System.CommandLine;
using Amend.Models.Generation;

namespace Amend.Cli.Commands;

/// <summary><c>amend generate</c>: continue a prompt with a model, greedily or by sampling.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var prompt = new Option<string>("--prompt") { Description = "Text to continue.", Required = true };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Most new tokens to produce.", DefaultValueFactory = _ => 40 }.AtLeast(1);
        var temperature = new Option<float>("--temperature") { Description = "0 for greedy decoding, else sample at this temperature.", DefaultValueFactory = _ => 0f }
            .Must(t => t >= 0 && float.IsFinite(t), "finite and ≥ 0");
        var topK = new Option<int>("--top-k") { Description = "Sample among the K most likely tokens (0: all).", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var topP = new Option<float>("--top-p") { Description = "Sample from the smallest set reaching this probability (1: all).", DefaultValueFactory = _ => 1f }
            .Must(p => p > 0 && p <= 1, "in (0, 1]");
        var seed = new Option<int>("--seed") { Description = "Seed for sampling.", DefaultValueFactory = _ => 0 };
        var stop = new Option<string[]>("--stop") { Description = "Stop when the continuation contains this string (repeatable).", AllowMultipleArgumentsPerToken = false };
        stop.Validators.Add(result =>
        {
            if (result.Tokens.Any(token => token.Value.Length == 0)) result.AddError("--stop must not be an empty string: every continuation contains it");
        });
        var command = new Command("generate", "Continue a prompt with a model.") { prompt, maxNew, temperature, topK, topP, seed, stop };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return CommandErrors.Run("generate", error, () =>
            {
                var loaded = model.Load(parse, error);
                if (loaded.Tokenizer is null) throw new ArgumentException($"{loaded.Source} has no tokenizer; pass --tokenizer");
                var options = new GenerationOptions
                {
                    MaxNewTokens = parse.GetValue(maxNew),
                    Temperature = parse.GetValue(temperature),
                    TopK = parse.GetValue(topK),
                    TopP = parse.GetValue(topP),
                    Seed = parse.GetValue(seed),
                    StopStrings = parse.GetValue(stop) ?? [],
                    EosTokenIds = loaded.Tokenizer.SpecialTokens.Eos is int eos ? [eos] : [],
                };
                if (options.Temperature == 0 && (options.TopK > 0 || options.TopP < 1))
                {
                    error.WriteLine("warning: --top-k and --top-p shape sampling only; at --temperature 0 decoding is greedy and ignores them");
                }

                string text = parse.GetValue(prompt)!;
                var result = new TextGenerator(loaded.Model, loaded.Tokenizer).Generate(text, options);
                output.WriteLine(text + result.Text);
                if (result.FinishReason == "length" && result.TokenIds.Count < options.MaxNewTokens)
                {
                    CommandWarnings.Write(error, [$"stopped after {result.TokenIds.Count} new token(s), not --max-new-tokens {options.MaxNewTokens}: the prompt and its continuation fill the model's {loaded.Model.MaxPositions} positions"]);
                }
                return 0;
            });
        });
        return command;
    }
}
