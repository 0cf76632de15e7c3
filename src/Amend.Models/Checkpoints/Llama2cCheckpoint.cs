using Amend.Models.Architectures;
using Microsoft.Win32.SafeHandles;

namespace Amend.Models.Checkpoints;

/// <summary>
/// Imports a llama2.c "version 0" checkpoint (run.c's format) by renaming: its tensors are emitted under
/// Hugging Face LLaMA names in an in-memory <see cref="WeightSource"/>, with a <see cref="LlamaConfig"/>,
/// so the one LLaMA implementation runs it. No second model exists for this format.
/// </summary>
/// <remarks>
/// Layout: 7 int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size — negative when the classifier
/// is stored separately —, seq_len), then float32 tensors stored (out, in): token embedding, attention RMS
/// weights, wq, wk, wv, wo, FFN RMS weights, w1, w2, w3, final RMS weight, two RoPE tables (unused: Amend
/// computes the same frequencies), and the classifier when not shared. run.c rotates interleaved pairs;
/// Hugging Face LLaMA rotates halves, so the rows of wq and wk are permuted per head as transformers'
/// convert_llama_weights_to_hf.py does.
/// </remarks>
public static class Llama2cCheckpoint
{
    private const int HeaderBytes = 7 * sizeof(int);

    /// <summary>
    /// Reads <paramref name="path"/> into a config and HF-named weights, each tensor straight from the file into
    /// its own array: no copy of the whole file is made, so files past 2 GB load and take their size in memory once.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is missing, its header is implausible, or its size does not match the header.</exception>
    public static (LlamaConfig Config, WeightSource Weights) Load(string path)
    {
        if (!File.Exists(path)) throw new CheckpointFormatException(path, "file not found");
        using var file = File.OpenHandle(path);
        long length = RandomAccess.GetLength(file);
        var config = ReadConfig(path, file, length, out bool sharedClassifier);
        long expected = HeaderBytes + (4L * ParameterCount(config, sharedClassifier));
        if (length != expected) throw new CheckpointFormatException(path, $"llama2.c file has {length} bytes but its header implies {expected}; truncated or not a version-0 checkpoint");
        return (config, WeightSource.FromTensors(Rename(config, new FloatCursor(path, file, HeaderBytes), sharedClassifier), $"llama2.c checkpoint {path}"));
    }

    private static LlamaConfig ReadConfig(string path, SafeFileHandle file, long length, out bool sharedClassifier)
    {
        if (length < HeaderBytes) throw new CheckpointFormatException(path, $"file has {length} bytes, fewer than the 28-byte llama2.c header");
        int[] h = new int[7];
        PositionedRead.Fill(file, 0, h.AsSpan(), at => Truncated(path, at));
        (int dim, int hidden, int layers, int heads, int kvHeads, int vocab, int seqLen) = (h[0], h[1], h[2], h[3], h[4], h[5] == int.MinValue ? 0 : Math.Abs(h[5]), h[6]);
        sharedClassifier = h[5] > 0;
        bool plausible = dim > 0 && hidden > 0 && layers > 0 && heads > 0 && kvHeads > 0 && vocab > 0 && seqLen > 0
            && dim % heads == 0 && heads % kvHeads == 0 && (dim / heads) % 2 == 0 && (long)dim * Math.Max(hidden, vocab) < int.MaxValue;
        if (!plausible) throw new CheckpointFormatException(path, $"implausible llama2.c header (dim {dim}, hidden {hidden}, layers {layers}, heads {heads}, kv heads {kvHeads}, vocab {vocab}, seq_len {seqLen})");
        return new LlamaConfig
        {
            ModelType = "llama",
            VocabSize = vocab,
            HiddenSize = dim,
            IntermediateSize = hidden,
            NumLayers = layers,
            NumHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = dim / heads,
            MaxPositions = seqLen,
            RmsNormEpsilon = 1e-5f,           // run.c's rmsnorm
            TieWordEmbeddings = sharedClassifier,
            BosTokenIds = [1],
            EosTokenIds = [2],
        };
    }

    private static long ParameterCount(LlamaConfig c, bool shared)
    {
        long d = c.HiddenSize, f = c.IntermediateSize, kv = c.NumKeyValueHeads * c.HeadDim, l = c.NumLayers;
        long perLayer = d + (d * d) + (2 * kv * d) + (d * d) + d + (3 * f * d);
        long ropeTables = (long)c.MaxPositions * c.HeadDim;
        return (c.VocabSize * d) + (l * perLayer) + d + ropeTables + (shared ? 0 : c.VocabSize * d);
    }

    private static Dictionary<string, Tensor> Rename(LlamaConfig c, FloatCursor reader, bool shared)
    {
        int d = c.HiddenSize, f = c.IntermediateSize, kv = c.NumKeyValueHeads * c.HeadDim, layers = c.NumLayers;
        var tensors = new Dictionary<string, Tensor> { ["model.embed_tokens.weight"] = reader.Take(c.VocabSize, d) };
        string L(int i, string name) => $"model.layers.{i}.{name}.weight";
        for (int i = 0; i < layers; i++) tensors[L(i, "input_layernorm")] = reader.Take(d);
        for (int i = 0; i < layers; i++) tensors[L(i, "self_attn.q_proj")] = HalfSplitRows(reader.Take(d, d), c.NumHeads);
        for (int i = 0; i < layers; i++) tensors[L(i, "self_attn.k_proj")] = HalfSplitRows(reader.Take(kv, d), c.NumKeyValueHeads);
        for (int i = 0; i < layers; i++) tensors[L(i, "self_attn.v_proj")] = reader.Take(kv, d);
        for (int i = 0; i < layers; i++) tensors[L(i, "self_attn.o_proj")] = reader.Take(d, d);
        for (int i = 0; i < layers; i++) tensors[L(i, "post_attention_layernorm")] = reader.Take(d);
        for (int i = 0; i < layers; i++) tensors[L(i, "mlp.gate_proj")] = reader.Take(f, d);
        for (int i = 0; i < layers; i++) tensors[L(i, "mlp.down_proj")] = reader.Take(d, f);
        for (int i = 0; i < layers; i++) tensors[L(i, "mlp.up_proj")] = reader.Take(f, d);
        tensors["model.norm.weight"] = reader.Take(d);
        reader.Skip((long)c.MaxPositions * c.HeadDim);
        if (!shared) tensors["lm_head.weight"] = reader.Take(c.VocabSize, d);
        return tensors;
    }

    // Row 2j + p of each head (interleaved pair j) moves to row p·D/2 + j (half-split layout).
    private static Tensor HalfSplitRows(Tensor w, int heads)
    {
        int rows = w.Shape[0], cols = w.Shape[1], headDim = rows / heads;
        return w.Reshape(heads, headDim / 2, 2, cols).Permute(0, 2, 1, 3).Reshape(rows, cols).Contiguous();
    }

    private static CheckpointFormatException Truncated(string path, long at) => new(path, $"ends at byte {at}, inside the data its header announced; was it truncated while open?");

    // Reads consecutive float32 tensors from the file, each into a new array.
    private sealed class FloatCursor(string path, SafeFileHandle file, long offset)
    {
        private long _next = offset;

        public Tensor Take(params int[] shape)
        {
            var s = new Shape(shape);
            var data = new float[s.ElementCount];
            PositionedRead.Fill(file, _next, data.AsSpan(), at => Truncated(path, at));
            _next += 4L * data.Length;
            return Tensor.Wrap(data, s);
        }

        public void Skip(long count) => _next += 4 * count;
    }
}
