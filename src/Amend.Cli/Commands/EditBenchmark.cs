using System.Diagnostics;
using Amend.Editing;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Memit;
using Amend.Editing.Methods.Rome;
using Amend.Editing.Statistics;
using Amend.Tensors.Linalg;

namespace Amend.Cli.Commands;

/// <summary>
/// Times one ROME edit and one MEMIT batch on a GPT-2-small-shaped model with statistics already at hand (as a cache
/// hit gives them), split by the phases the editors report (templates, keys, v*/z optimisation, solves, update).
/// </summary>
internal static class EditBenchmark
{
    // EasyEdit's gpt2-xl recipes moved to GPT-2 small's depth: ROME at layer 5, MEMIT over layers 3-8.
    private const string RomeYaml = """
        alg_name: ROME
        layers: [5]
        clamp_norm_factor: 4
        context_template_length_params: [[5, 10], [10, 10]]
        """ + "\n" + SharedYaml;

    private const string MemitYaml = """
        alg_name: MEMIT
        layers: [3, 4, 5, 6, 7, 8]
        clamp_norm_factor: 0.75
        layer_selection: all
        mom2_update_weight: 20000
        """ + "\n" + SharedYaml;

    // The keys both recipes give the same value.
    private const string SharedYaml = """
        fact_token: subject_last
        v_num_grad_steps: 20
        v_lr: 5e-1
        v_loss_layer: 11
        v_weight_decay: 0.5
        kl_factor: 0.0625
        mom2_adjustment: true
        rewrite_module_tmp: transformer.h.{}.mlp.c_proj
        layer_module_tmp: transformer.h.{}
        mlp_module_tmp: transformer.h.{}.mlp
        attn_module_tmp: transformer.h.{}.attn
        ln_f_module: transformer.ln_f
        lm_head_module: transformer.wte
        mom2_dataset: wikipedia
        mom2_n_samples: 100000
        mom2_dtype: float32
        """;

    public static EditBenchmarkResult Rome(EditableModel model) =>
        Run("ROME", new RomeEditor(HyperparameterFile.Parse<RomeHyperparameters>(RomeYaml, "bench ROME")), model, Requests(1));

    public static EditBenchmarkResult Memit(EditableModel model, int requests) =>
        Run("MEMIT", new MemitEditor(HyperparameterFile.Parse<MemitHyperparameters>(MemitYaml, "bench MEMIT")), model, Requests(requests));

    private static EditBenchmarkResult Run(string method, IEditor editor, EditableModel model, IReadOnlyList<EditRequest> requests)
    {
        var options = new EditOptions { Seed = 1, Statistics = new PrecomputedStatistics(model.Model.Architecture.NumLayers) };
        long start = Stopwatch.GetTimestamp();
        var result = requests.Count == 1 ? editor.Apply(model, requests[0], options) : ((IBatchEditor)editor).ApplyBatch(model, requests, options);
        double total = Stopwatch.GetElapsedTime(start).TotalSeconds;
        result.Undo(model.Model);
        var phases = result.Diagnostics.Where(d => d.Key.StartsWith("seconds_", StringComparison.Ordinal)).ToDictionary(d => d.Key["seconds_".Length..], d => d.Value);
        return new EditBenchmarkResult(method, requests.Count, total, phases);
    }

    // Invented subjects, so no two requests share a key.
    internal static List<EditRequest> Requests(int n) =>
        [.. Enumerable.Range(0, n).Select(i => new EditRequest { Prompt = "{} is located in the city of", Subject = $"The Tower of Kel{i}dra", TargetNew = i % 2 == 0 ? "Rome" : "Paris" })];

    // Stands in for a cache hit: a well-conditioned second moment per layer, made once.
    private sealed class PrecomputedStatistics(int layers) : IKeyStatisticsSource
    {
        private readonly KeyStatistics?[] _cache = new KeyStatistics?[layers];

        public KeyStatistics Get(EditableModel model, int layer, StatisticsRequest request)
        {
            return _cache[layer] ??= Make(model.Model.Weight(Models.Architectures.ModuleRole.MlpOutputProjection, layer).Shape[0], layer);
        }

        private static KeyStatistics Make(int d, int layer)
        {
            var random = new Random(layer);
            var c = new Matrix64(d, d);
            for (int i = 0; i < d; i++) c[i, i] = 0.5 + random.NextDouble();
            return new KeyStatistics(layer, c, 100_000, "benchmark (precomputed)");
        }
    }
}
