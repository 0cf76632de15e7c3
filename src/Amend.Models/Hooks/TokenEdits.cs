namespace Amend.Models.Hooks;

/// <summary>
/// Edits for <see cref="TraceOptions.EditOutput"/> / <see cref="TraceOptions.EditInput"/> that touch chosen token
/// positions only. They are tensor operations, so a delta that requires grad receives gradients.
/// </summary>
public static class TokenEdits
{
    /// <summary>
    /// Adds row i of <paramref name="delta"/> (n, C) to the hidden state of token <paramref name="positions"/>[i] in batch row
    /// <paramref name="rows"/>[i] of an activation (B, T, C) — e.g. ROME's v* delta at the subject's last token.
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length or do not match the delta's rows.</exception>
    public static Func<Tensor, Tensor> AddAt(int[] rows, int[] positions, Tensor delta)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(delta);
        if (rows.Length != positions.Length || delta.Rank != 2 || delta.Shape[0] != rows.Length)
        {
            throw new ArgumentException($"AddAt: {rows.Length} rows, {positions.Length} positions and a delta of shape {delta.Shape} do not match (delta must be (n, C))");
        }

        // activation: (B, T, C) viewed as (B·T, C); index_add puts delta row i at B·T index rows[i]·T + positions[i].
        return activation =>
        {
            int b = activation.Shape[0], t = activation.Shape[1], c = activation.Shape[2];
            var flat = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                if ((uint)rows[i] >= (uint)b || (uint)positions[i] >= (uint)t) throw new ArgumentException($"AddAt: token ({rows[i]}, {positions[i]}) is outside an activation of shape {activation.Shape}");
                flat[i] = (rows[i] * t) + positions[i];
            }

            return activation.Reshape(b * t, c).ScatterAdd(0, flat, delta).Reshape(b, t, c);
        };
    }

    /// <summary>Replaces the hidden states of the chosen tokens with the rows of <paramref name="values"/> (n, C) (e.g. restoring clean states in causal tracing).</summary>
    public static Func<Tensor, Tensor> ReplaceAt(int[] rows, int[] positions, Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return activation =>
        {
            int t = activation.Shape[1], c = activation.Shape[2];
            var current = activation.Reshape(-1, c).IndexSelect(0, [.. rows.Zip(positions, (r, p) => (r * t) + p)]);
            return AddAt(rows, positions, values.Sub(current))(activation);
        };
    }
}
