namespace Amend.Tensors.Tests;

/// <summary>Test inputs and naive, index-by-index references for the vectorised operations.</summary>
internal static class Samples
{
    /// <summary>0, 1, 2, ... in the given shape.</summary>
    public static Tensor Sequence(params int[] shape)
    {
        var s = new Shape(shape);
        return Tensor.Wrap(Enumerable.Range(0, s.ElementCount).Select(i => (float)i).ToArray(), s);
    }

    /// <summary>Uniform values in [low, high).</summary>
    public static Tensor Uniform(int seed, float low, float high, params int[] shape) => Tensor.Uniform(new Shape(shape), new Random(seed), low, high);

    /// <summary>Values of magnitude in [0.2, 1.2) with random signs: far from the kinks of relu and abs at 0 compared with the finite-difference step (1e-2).</summary>
    public static Tensor AwayFromZero(int seed, params int[] shape)
    {
        var random = new Random(seed);
        var s = new Shape(shape);
        var values = new float[s.ElementCount];
        for (int i = 0; i < values.Length; i++) values[i] = (0.2f + (float)random.NextDouble()) * (random.Next(2) == 0 ? -1 : 1);
        return Tensor.Wrap(values, s);
    }

    /// <summary>A random permutation of 0.1·(0, 1, ..., n-1) - 1: no two values within 0.1, so a ±1e-2 finite-difference step never changes which one is the maximum.</summary>
    public static Tensor Separated(int seed, params int[] shape)
    {
        var s = new Shape(shape);
        var values = Enumerable.Range(0, s.ElementCount).Select(i => (0.1f * i) - 1f).ToArray();
        new Random(seed).Shuffle(values);
        return Tensor.Wrap(values, s);
    }

    /// <summary>f applied to the operands broadcast together, one output index at a time through the tensor indexer.</summary>
    public static float[] NaiveBinary(Tensor a, Tensor b, Func<float, float, float> f)
    {
        var shape = Shape.Broadcast(a.Shape, b.Shape, "reference");
        var result = new float[shape.ElementCount];
        for (int i = 0; i < result.Length; i++)
        {
            var index = Unravel(i, shape);
            result[i] = f(a[Project(index, a.Shape)], b[Project(index, b.Shape)]);
        }

        return result;
    }

    /// <summary>Σ over the given axes (non-negative, any order) as nested loops over the input, results row-major over the kept axes.</summary>
    public static float[] NaiveSum(Tensor x, params int[] axes)
    {
        var keptDims = Enumerable.Range(0, x.Rank).Where(a => !axes.Contains(a)).Select(a => x.Shape[a]).ToArray();
        var kept = new Shape(keptDims);
        var result = new double[kept.ElementCount];
        for (int i = 0; i < x.ElementCount; i++)
        {
            var index = Unravel(i, x.Shape);
            var keptIndex = Enumerable.Range(0, x.Rank).Where(a => !axes.Contains(a)).Select(a => index[a]).ToArray();
            result[Ravel(keptIndex, kept)] += x[index];
        }

        return result.Select(v => (float)v).ToArray();
    }

    /// <summary>The multi-index of row-major position <paramref name="position"/>.</summary>
    public static int[] Unravel(int position, Shape shape)
    {
        var index = new int[shape.Rank];
        for (int axis = shape.Rank - 1; axis >= 0; axis--)
        {
            index[axis] = position % shape[axis];
            position /= shape[axis];
        }

        return index;
    }

    private static int Ravel(int[] index, Shape shape)
    {
        int position = 0;
        for (int axis = 0; axis < shape.Rank; axis++) position = (position * shape[axis]) + index[axis];
        return position;
    }

    /// <summary>The index into an operand broadcast to a larger shape: leading axes dropped, extent-1 axes pinned to 0.</summary>
    private static int[] Project(int[] index, Shape operand)
    {
        int lead = index.Length - operand.Rank;
        return Enumerable.Range(0, operand.Rank).Select(i => operand[i] == 1 ? 0 : index[lead + i]).ToArray();
    }
}
