namespace Amend.Models.HuggingFace;

/// <summary>Keys every transformers config may carry that do not change inference (training, bookkeeping).</summary>
internal static class PretrainedConfigKeys
{
    private static readonly string[] s_inferenceIrrelevant =
    [
        "_name_or_path", "model_type", "architectures", "transformers_version", "torch_dtype", "use_cache",
        "initializer_range", "attn_pdrop", "embd_pdrop", "resid_pdrop", "attention_dropout", "hidden_dropout",
        "classifier_dropout", "summary_activation", "summary_first_dropout", "summary_proj_to_labels",
        "summary_type", "summary_use_proj", "pretraining_tp", "gradient_checkpointing", "output_past",
        "task_specific_params", "pad_token_id", "dtype", "tokenizer_class",
    ];

    /// <summary>Marks the keys above as understood.</summary>
    public static void IgnoreInferenceIrrelevant(ConfigJson config) => config.Ignore(s_inferenceIrrelevant);
}
