using Amend.Editing.Journal;
using Amend.Models.HuggingFace;

namespace Amend.Cli.Commands;

/// <summary>
/// Saves an edited model with its journal, whatever it was loaded from: a model folder lends its config and tokenizer
/// files; a llama2.c checkpoint, the config converted from its header and the tokenizer file found beside it.
/// </summary>
internal static class JournaledSave
{
    public static void Save(PretrainedModel loaded, string destination, bool overwrite, EditJournal journal)
    {
        string? folder = Directory.Exists(loaded.Source) ? loaded.Source : null;
        ModelSaver.Save(loaded.Model, destination, folder, loaded.ConfigJson, overwrite, journal.WriteTo, loaded.TokenizerSource);
    }
}
