namespace Amend.BuildCompare;

/// <summary>
/// A shape's operands, shared by both builds and pinned: where B starts relative to a cache line changes
/// the speed of the paths that read it in place (by 9–14% for 16 rows, docs/performance.md), so two builds
/// on separately allocated arrays would measure the allocations too.
/// </summary>
internal sealed class GemmOperands(GemmShape shape)
{
    public float[] A { get; } = RandomArray(shape.M * shape.K, 1);

    public float[] B { get; } = RandomArray(shape.K * shape.N, 2);

    public float[] C { get; } = GC.AllocateArray<float>(shape.M * shape.N, pinned: true);

    /// <summary>A and B in float64, stored as the shape's transposes say (empty for a float32 shape).</summary>
    public double[] A64 { get; } = shape.Double ? RandomDoubles(shape.M * shape.K, 1) : [];

    /// <inheritdoc cref="A64"/>
    public double[] B64 { get; } = shape.Double ? RandomDoubles(shape.K * shape.N, 2) : [];

    private static double[] RandomDoubles(int length, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = random.NextDouble();
        return values;
    }

    private static float[] RandomArray(int length, int seed)
    {
        var random = new Random(seed);
        var values = GC.AllocateUninitializedArray<float>(length, pinned: true);
        for (int i = 0; i < length; i++) values[i] = random.NextSingle();
        return values;
    }
}
