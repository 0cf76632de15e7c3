namespace Amend.Editing.Statistics;

/// <summary>
/// CPython's <c>random.Random(seed)</c> for non-negative integer seeds: the MT19937 generator seeded through
/// <c>init_by_array</c> with the seed's 32-bit words, <c>getrandbits</c>, and <c>shuffle</c> (Fisher–Yates from
/// the end, each index drawn by rejection with <c>getrandbits(n.bit_length())</c>). EasyEdit picks its
/// statistics rows with <c>random.Random(1).shuffle</c>, so the same rows need the same generator.
/// </summary>
internal sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index = N;

    /// <summary>Seeds like <c>random.Random(seed)</c>.</summary>
    public PythonRandom(long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        var key = new List<uint>();
        for (ulong rest = (ulong)seed; rest != 0; rest >>= 32) key.Add((uint)rest);
        if (key.Count == 0) key.Add(0);
        InitByArray(key);
    }

    /// <summary><c>getrandbits(k)</c> for 0 ≤ k ≤ 32: the top k bits of the next 32-bit output.</summary>
    public uint GetRandBits(int k)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)k, 32u);
        return k == 0 ? 0 : NextUInt32() >> (32 - k);
    }

    /// <summary>Shuffles <paramref name="items"/> in place exactly like <c>random.shuffle</c>.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = RandBelow(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    // _randbelow_with_getrandbits: k = n.bit_length(), redraw until below n.
    private int RandBelow(int n)
    {
        int k = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);
        uint r = GetRandBits(k);
        while (r >= (uint)n) r = GetRandBits(k);
        return (int)r;
    }

    private void InitGenRand(uint s)
    {
        _mt[0] = s;
        for (int i = 1; i < N; i++) _mt[i] = (1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30))) + (uint)i;
    }

    private void InitByArray(List<uint> key)
    {
        InitGenRand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Count); k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N) (_mt[0], i) = (_mt[N - 1], 1);
            if (j >= key.Count) j = 0;
        }

        for (int k = N - 1; k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N) (_mt[0], i) = (_mt[N - 1], 1);
        }

        _mt[0] = 0x80000000u;
    }

    private uint NextUInt32()
    {
        if (_index >= N) Twist();
        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        return y ^ (y >> 18);
    }

    private void Twist()
    {
        for (int k = 0; k < N; k++)
        {
            uint y = (_mt[k] & 0x80000000u) | (_mt[(k + 1) % N] & 0x7fffffffu);
            _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908b0dfu);
        }

        _index = 0;
    }
}
