using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

public sealed unsafe class HalfWideningTests
{
    [Theory]
    [InlineData(DType.Float16)]
    [InlineData(DType.BFloat16)]
    public void Widen_MatchesScalarConversion_ForEveryBitPattern(DType type)
    {
        // Given all 65536 patterns (subnormals, infinities and NaNs included), widened in vectors and a scalar tail
        var bits = new ushort[65536 + 5];
        for (int i = 0; i < bits.Length; i++) bits[i] = (ushort)i;
        var widened = new float[bits.Length];

        // When
        fixed (ushort* source = bits)
        fixed (float* destination = widened)
        {
            HalfWidening.Widen(source, type, destination, bits.Length);
        }

        // Then each equals the exact scalar widening, bit for bit
        for (int i = 0; i < bits.Length; i++)
        {
            float expected = type == DType.Float16 ? (float)BitConverter.UInt16BitsToHalf(bits[i]) : BitConverter.Int32BitsToSingle(bits[i] << 16);
            if (float.IsNaN(expected)) Assert.True(float.IsNaN(widened[i]), $"pattern 0x{bits[i]:X4} should widen to NaN, got {widened[i]}");
            else Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(widened[i]), $"pattern 0x{bits[i]:X4}: expected {expected}, got {widened[i]}");
        }
    }
}
