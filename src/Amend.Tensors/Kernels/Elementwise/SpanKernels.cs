using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Amend.Tensors.Kernels.Elementwise;

/// <summary>
/// The vector loops behind every elementwise operator: the widest accelerated vector first, then
/// narrower ones for what is left, then scalars. Outputs may alias inputs element for element
/// (d[i] depends only on x[i], y[i]), which accumulating reductions rely on.
/// </summary>
/// <remarks>Each loop reads <c>d.Length</c> elements; the slicing at the top throws if an input is shorter.</remarks>
internal static class SpanKernels
{
    /// <summary>d[i] = op(x[i], y[i]).</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
        where TOp : IBinaryOperator
    {
        x = x[..d.Length];
        y = y[..d.Length];
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)d.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16) TOp.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8) TOp.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= n; i += 4) TOp.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        for (; i < n; i++) Unsafe.Add(ref dr, i) = TOp.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary>d[i] = op(x[i], y): the right operand broadcast from one value.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, float y, Span<float> d)
        where TOp : IBinaryOperator
    {
        x = x[..d.Length];
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)d.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var yv = Vector512.Create(y);
            for (; i + 16 <= n; i += 16) TOp.Invoke(Vector512.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var yv = Vector256.Create(y);
            for (; i + 8 <= n; i += 8) TOp.Invoke(Vector256.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            var yv = Vector128.Create(y);
            for (; i + 4 <= n; i += 4) TOp.Invoke(Vector128.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
        }

        for (; i < n; i++) Unsafe.Add(ref dr, i) = TOp.Invoke(Unsafe.Add(ref xr, i), y);
    }

    /// <summary>d[i] = op(x, y[i]): the left operand broadcast from one value.</summary>
    public static void Apply<TOp>(float x, ReadOnlySpan<float> y, Span<float> d)
        where TOp : IBinaryOperator
    {
        y = y[..d.Length];
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)d.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var xv = Vector512.Create(x);
            for (; i + 16 <= n; i += 16) TOp.Invoke(xv, Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var xv = Vector256.Create(x);
            for (; i + 8 <= n; i += 8) TOp.Invoke(xv, Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            var xv = Vector128.Create(x);
            for (; i + 4 <= n; i += 4) TOp.Invoke(xv, Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        for (; i < n; i++) Unsafe.Add(ref dr, i) = TOp.Invoke(x, Unsafe.Add(ref yr, i));
    }

    /// <summary>d[i] = op(x[i]).</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, Span<float> d)
        where TOp : IUnaryOperator
    {
        x = x[..d.Length];
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)d.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16) TOp.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8) TOp.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= n; i += 4) TOp.Invoke(Vector128.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }

        for (; i < n; i++) Unsafe.Add(ref dr, i) = TOp.Invoke(Unsafe.Add(ref xr, i));
    }
}
