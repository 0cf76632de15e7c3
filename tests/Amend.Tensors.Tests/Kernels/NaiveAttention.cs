namespace Amend.Tensors.Tests.Kernels;

/// <summary>Attention written as its definition, in float64 loops: scores, mask, softmax, weighted sum of values.</summary>
internal static class NaiveAttention
{
    // q: (B, Hq, T, D), k: (B, Hkv, S, D), v: (B, Hkv, S, Dv), mask: (B, S) or null; out: (B, Hq, T, Dv)
    public static float[] Forward(Tensor query, Tensor key, Tensor value, Tensor? mask, bool causal, double? scale = null)
    {
        var (q, k, v) = (query.ToArray(), key.ToArray(), value.ToArray());
        var m = mask?.ToArray();
        int b = query.Shape[0], hq = query.Shape[1], t = query.Shape[2], d = query.Shape[3];
        int hkv = key.Shape[1], s = key.Shape[2], dv = value.Shape[3];
        double alpha = scale ?? 1 / Math.Sqrt(d);
        var output = new float[b * hq * t * dv];
        for (int bi = 0; bi < b; bi++)
        {
            for (int h = 0; h < hq; h++)
            {
                int kvHead = h / (hq / hkv);
                for (int i = 0; i < t; i++)
                {
                    var weights = new double[s];
                    double max = double.NegativeInfinity;
                    for (int j = 0; j < s; j++)
                    {
                        bool visible = (!causal || j <= i + s - t) && (m is null || m[(bi * s) + j] != 0);
                        if (!visible)
                        {
                            weights[j] = double.NegativeInfinity;
                            continue;
                        }

                        double dot = 0;
                        for (int c = 0; c < d; c++) dot += (double)q[At(bi, h, i, c, hq, t, d)] * k[At(bi, kvHead, j, c, hkv, s, d)];
                        weights[j] = dot * alpha;
                        max = Math.Max(max, weights[j]);
                    }

                    if (double.IsNegativeInfinity(max)) continue;
                    double sum = 0;
                    for (int j = 0; j < s; j++) sum += weights[j] = Math.Exp(weights[j] - max);
                    for (int c = 0; c < dv; c++)
                    {
                        double acc = 0;
                        for (int j = 0; j < s; j++) acc += weights[j] / sum * v[At(bi, kvHead, j, c, hkv, s, dv)];
                        output[At(bi, h, i, c, hq, t, dv)] = (float)acc;
                    }
                }
            }
        }

        return output;
    }

    private static int At(int b, int h, int i, int c, int heads, int rows, int cols) => (((((b * heads) + h) * rows) + i) * cols) + c;
}
