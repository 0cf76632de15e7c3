using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels;

namespace Amend.Tensors;

/// <summary>Rotary position embeddings.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Rotary position embeddings on queries or keys of shape (B, H, T, D): in every head, pair i of the first
    /// R = <see cref="RotaryFrequencies.RotaryDim"/> coordinates (paired as <paramref name="layout"/> says) turns
    /// by p·θᵢ radians, where p is the token's position; coordinates R .. D − 1 pass through (partial rotary).
    /// Same as Hugging Face's <c>apply_rotary_pos_emb</c> (LLaMA, GPT-NeoX) and <c>apply_rotary_pos_emb</c> of GPT-J.
    /// </summary>
    /// <param name="frequencies">θᵢ and the cos/sin cache; R ≤ D.</param>
    /// <param name="layout">How coordinates pair up: GPT-J interleaves, GPT-NeoX and LLaMA split halves.</param>
    /// <param name="positions">
    /// Position ids, non-negative: T values shared by every batch row, or B·T values row by row (left padding,
    /// KV caches: the ids of the new tokens only).
    /// </param>
    /// <exception cref="TensorShapeException">The tensor is not rank 4, R exceeds D, positions has neither T nor B·T entries, or a position is negative or above <see cref="RotaryFrequencies.MaxPosition"/>.</exception>
    public Tensor ApplyRotary(RotaryFrequencies frequencies, RotaryLayout layout, int[] positions)
    {
        ArgumentNullException.ThrowIfNull(frequencies);
        ArgumentNullException.ThrowIfNull(positions);
        if (!Enum.IsDefined(layout)) throw new ArgumentOutOfRangeException(nameof(layout), $"ApplyRotary: unknown layout {layout}");
        int maxPosition = RotaryPositionsChecked(frequencies, positions);
        var saved = new RotaryKernel.Saved(frequencies.TableThrough(maxPosition), (int[])positions.Clone(), frequencies.RotaryDim, layout);
        var y = RotaryKernel.Apply(TensorMemory.Read(this), Shape, saved, inverse: false);
        return Record(Wrap(y, Shape), OpKind.Rotary, saved, this);
    }

    /// <summary>Backward of <see cref="ApplyRotary"/>: dx = R(−p·θ)·dy.</summary>
    internal static Tensor RotaryBackward(RotaryKernel.Saved saved, Tensor dy)
        => Wrap(RotaryKernel.Apply(TensorMemory.Read(dy), dy.Shape, saved, inverse: true), dy.Shape);

    /// <summary>Validates shapes and positions; returns the largest position.</summary>
    private int RotaryPositionsChecked(RotaryFrequencies frequencies, int[] positions)
    {
        const string op = "ApplyRotary";
        if (Rank != 4) throw new TensorShapeException(op, $"expects (batch, heads, tokens, head_dim), got shape {Shape}");
        if (frequencies.RotaryDim > Shape[3]) throw new TensorShapeException(op, $"rotary dimension {frequencies.RotaryDim} exceeds head_dim {Shape[3]} of shape {Shape}");
        var (batch, tokens) = (Shape[0], Shape[2]);
        if (positions.Length != tokens && positions.Length != batch * tokens)
        {
            throw new TensorShapeException(op, $"{positions.Length} position ids for shape {Shape}; expected {tokens} (shared by the batch) or {batch * tokens} (one per token)");
        }

        int max = 0;
        for (int i = 0; i < positions.Length; i++)
        {
            if (positions[i] < 0) throw new TensorShapeException(op, $"position id {positions[i]} at index {i} is negative");
            if (positions[i] > frequencies.MaxPosition) throw new TensorShapeException(op, $"position id {positions[i]} at index {i} exceeds the largest supported, {frequencies.MaxPosition} for rotary dimension {frequencies.RotaryDim}");
            max = Math.Max(max, positions[i]);
        }

        return max;
    }
}
