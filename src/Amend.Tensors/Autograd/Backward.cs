namespace Amend.Tensors.Autograd;

/// <summary>
/// Reverse-mode differentiation over the recorded graph: a topological sort, then one switch over
/// operation kinds, each case the textbook rule for that operation.
/// </summary>
internal static class Backward
{
    /// <summary>Propagates <paramref name="seed"/> = dL/d<paramref name="root"/> to every leaf that requires grad.</summary>
    /// <param name="root">The tensor differentiated.</param>
    /// <param name="seed">dL/d<paramref name="root"/>.</param>
    /// <param name="stepDone">Called after each step with the number of steps left (tests watch memory with it).</param>
    public static GradientStore Run(Tensor root, Tensor seed, Action<int>? stepDone = null)
    {
        var order = TopologicalOrder(root);
        var store = new GradientStore();
        store.Accumulate(root, seed);
        using var noGrad = GradMode.Disable();
        while (order.Count > 0)
        {
            // Taken off the list, so that nothing holds a tensor, its storage or its saved values once its step is done.
            var tensor = order[^1];
            order.RemoveAt(order.Count - 1);
            var node = tensor.GradNode!;
            var grad = store.Take(tensor, out bool exclusive);
            if (grad is not null) Propagate(node, grad, exclusive, store);

            node.Release();
            stepDone?.Invoke(order.Count);
        }

        return store;
    }

    // exclusive: nothing but this step holds grad, so a view of it passed on whole (reshape, permute) is exclusive too.
    private static void Propagate(Node node, Tensor grad, bool exclusive, GradientStore store)
    {
        var inputs = node.Inputs;
        switch (node.Kind)
        {
            case OpKind.Reshape:
            case OpKind.Copy:
                // y = x viewed or copied: dx = dy in x's shape.
                Send(store, node, 0, () => grad.Reshape(inputs[0].Shape), exclusive);
                break;
            case OpKind.Permute:
                // y = permute(x, p): dx = permute(dy, p⁻¹).
                Send(store, node, 0, () => grad.Permute(InversePermutation(node.ContextAs<int[]>())), exclusive);
                break;
            case OpKind.Narrow:
                {
                    // y = x[.., start:start+len, ..]: dx is zero outside the slice, dy inside it.
                    var context = node.ContextAs<NarrowContext>();
                    if (inputs[0].RequiresGrad) store.AccumulateNarrowed(inputs[0], grad, context.Axis, context.Start);
                    break;
                }
            case OpKind.Expand:
                // y = broadcast(x): dx sums dy over the broadcast axes.
                Send(store, node, 0, () => grad.SumToShape(inputs[0].Shape));
                break;
            case OpKind.Add:
                // y = a + b: da = dy, db = dy, each summed over the axes it was broadcast along.
                Send(store, node, 0, () => grad.SumToShape(inputs[0].Shape));
                Send(store, node, 1, () => grad.SumToShape(inputs[1].Shape));
                break;
            case OpKind.Sub:
                // y = a - b: da = dy, db = -dy.
                Send(store, node, 0, () => grad.SumToShape(inputs[0].Shape));
                Send(store, node, 1, () => (-grad).SumToShape(inputs[1].Shape));
                break;
            case OpKind.Mul:
                // y = a·b: da = dy·b, db = dy·a.
                Send(store, node, 0, () => (grad * inputs[1]).SumToShape(inputs[0].Shape));
                Send(store, node, 1, () => (grad * inputs[0]).SumToShape(inputs[1].Shape));
                break;
            case OpKind.Div:
                // y = a/b: da = dy/b, db = -dy·a/b².
                Send(store, node, 0, () => (grad / inputs[1]).SumToShape(inputs[0].Shape));
                Send(store, node, 1, () => ElementwiseBackward.Divisor(grad, inputs[0], inputs[1]));
                break;
            case OpKind.Neg:
                // y = -x: dx = -dy.
                Send(store, node, 0, () => -grad);
                break;
            case OpKind.Pow:
                // y = xᵖ: dx = dy·p·xᵖ⁻¹.
                Send(store, node, 0, () => ElementwiseBackward.Pow(grad, inputs[0], node.ContextAs<PowContext>().Exponent));
                break;
            case OpKind.Exp:
                // y = eˣ: dx = dy·y.
                Send(store, node, 0, () => grad * node.ContextAs<Tensor>());
                break;
            case OpKind.Log:
                // y = ln x: dx = dy/x.
                Send(store, node, 0, () => grad / inputs[0]);
                break;
            case OpKind.Sqrt:
                // y = √x: dx = dy/(2y).
                Send(store, node, 0, () => ElementwiseBackward.Sqrt(grad, node.ContextAs<Tensor>()));
                break;
            case OpKind.Tanh:
                // y = tanh x: dx = dy·(1 - y²).
                Send(store, node, 0, () => ElementwiseBackward.Tanh(grad, node.ContextAs<Tensor>()));
                break;
            case OpKind.Sigmoid:
                // y = σ(x): dx = dy·y·(1 - y).
                Send(store, node, 0, () => ElementwiseBackward.Sigmoid(grad, node.ContextAs<Tensor>()));
                break;
            case OpKind.Relu:
                // y = max(x, 0): dx = dy where x > 0, else 0.
                Send(store, node, 0, () => ElementwiseBackward.Relu(grad, inputs[0]));
                break;
            case OpKind.Abs:
                // y = |x|: dx = dy·sign(x).
                Send(store, node, 0, () => ElementwiseBackward.Abs(grad, inputs[0]));
                break;
            case OpKind.Clamp:
                // y = clamp(x, lo, hi): dx = dy where lo ≤ x ≤ hi, else 0.
                Send(store, node, 0, () => ElementwiseBackward.Clamp(grad, inputs[0], node.ContextAs<ClampContext>()));
                break;
            case OpKind.Sum:
                // y = Σ x over some axes: dx = dy repeated along them (a broadcast view).
                Send(store, node, 0, () => grad.Reshape(node.ContextAs<Shape>()).Expand(inputs[0].Shape));
                break;
            case OpKind.Max:
                // y = max x over some axes: dx = dy at the first maximum of each group, 0 elsewhere.
                Send(store, node, 0, () => IndexingBackward.Max(grad, inputs[0].Shape, node.ContextAs<MaxContext>()));
                break;
            case OpKind.Cat:
                // y = cat(x₀, x₁, …) along an axis: dxᵢ = the slice of dy where xᵢ was placed.
                for (int i = 0; i < inputs.Length; i++) Send(store, node, i, () => Tensor.CatSlice(grad, inputs, node.ContextAs<ConcatContext>().Axis, i));
                break;
            case OpKind.IndexSelect:
                // y = x[…, idx, …]: dy is scatter-added at idx into x's gradient (repeats accumulate; 0 elsewhere).
                if (inputs[0].RequiresGrad) store.AccumulateIndexed(inputs[0], grad, node.ContextAs<IndexContext>());
                break;
            case OpKind.ScatterAdd:
                // y = x with src slices added at idx: dx = dy, dsrc = dy[…, idx, …].
                Send(store, node, 0, () => grad);
                Send(store, node, 1, () => grad.IndexSelect(node.ContextAs<IndexContext>().Axis, node.ContextAs<IndexContext>().Indices));
                break;
            case OpKind.Where:
                // y = c ? a : b: da = dy where c, db = dy where not c (c gets no gradient).
                Send(store, node, 1, () => ElementwiseBackward.Where(grad, inputs[0], inputs[1], toA: true));
                Send(store, node, 2, () => ElementwiseBackward.Where(grad, inputs[0], inputs[2], toA: false));
                break;
            case OpKind.MatMul:
                // C = A·B: dA = dC·Bᵀ, dB = Aᵀ·dC (summed over A's batch when B is a single matrix).
                Send(store, node, 0, () => grad.MatMul(inputs[1].TransposeLast()), exclusive: true);
                Send(store, node, 1, () => MatMulWeightGradient(inputs[0], inputs[1], grad), exclusive: true);
                break;
            case OpKind.Gelu:
                // y = x·Φ(x): dx = (Φ(x) + x·φ(x))·dy.
                Send(store, node, 0, () => Tensor.GeluBackward(inputs[0], grad));
                break;
            case OpKind.GeluTanh:
                // y = x·σ(2u), u = √(2/π)(x + 0.044715x³): dx = (s + 2x·s(1 − s)·u')·dy, s = σ(2u).
                Send(store, node, 0, () => Tensor.GeluTanhBackward(inputs[0], grad));
                break;
            case OpKind.Silu:
                // y = x·σ(x): dx = σ(x)(1 + x(1 − σ(x)))·dy.
                Send(store, node, 0, () => Tensor.SiluBackward(inputs[0], grad));
                break;
            case OpKind.Softmax:
            case OpKind.LogSoftmax:
                // softmax: dx = y∘(dy − Σ dy∘y); log-softmax: dx = dy − exp(y)·Σ dy (sums over the last axis).
                Send(store, node, 0, () => Tensor.SoftmaxBackward(node.ContextAs<float[]>(), grad, node.Kind == OpKind.LogSoftmax));
                break;
            case OpKind.LayerNorm:
                {
                    // y = x̂∘w + b: dx = rstd·(g − mean g − x̂·mean(g∘x̂)) with g = dy∘w; dw = Σ dy∘x̂; db = Σ dy.
                    var gradients = Tensor.LayerNormBackward(inputs, node.ContextAs<Kernels.LayerNormKernel.Saved>(), grad);
                    for (int i = 0; i < gradients.Length; i++) Send(store, node, i, () => gradients[i], exclusive: true);
                    break;
                }
            case OpKind.RmsNorm:
                {
                    // y = x̂∘w, x̂ = x·rstd: dx = rstd·(g − x̂·mean(g∘x̂)) with g = dy∘w; dw = Σ dy∘x̂.
                    var gradients = Tensor.RmsNormBackward(inputs, node.ContextAs<float[]>(), grad);
                    for (int i = 0; i < gradients.Length; i++) Send(store, node, i, () => gradients[i], exclusive: true);
                    break;
                }
            case OpKind.Attention:
                {
                    // out = P·v, P = softmax(scale·q·kᵀ): dS = P∘(dP − Σ P∘dP)·scale with dP = dout·vᵀ; dq = dS·k, dk = dSᵀ·q, dv = Pᵀ·dout.
                    var gradients = Tensor.AttentionBackward(inputs, node.ContextAs<Kernels.AttentionKernel.Saved>(), grad);
                    for (int i = 0; i < gradients.Length; i++) Send(store, node, i, () => gradients[i]);
                    break;
                }
            case OpKind.Rotary:
                // y = R(p·θ)·x per pair, R orthogonal: dx = R(−p·θ)·dy.
                Send(store, node, 0, () => Tensor.RotaryBackward(node.ContextAs<Kernels.RotaryKernel.Saved>(), grad));
                break;
            case OpKind.CrossEntropy:
                // ℓₙ = logsumexp(xₙ) − xₙ[tₙ]: dxₙ = gₙ·(softmax(xₙ) − onehot(tₙ)), 0 for ignored rows.
                Send(store, node, 0, () => Tensor.CrossEntropyBackward(inputs[0], node.ContextAs<Kernels.CrossEntropyKernel.Saved>(), grad));
                break;
            case OpKind.KlDivergence:
                {
                    // KL = Σ p·(log p − log q): d/d log p = g·p·(log p − log q + 1), d/d log q = −g·p.
                    var gradients = Tensor.KlDivergenceBackward(inputs, node.ContextAs<Kernels.KlDivergenceKernel.Saved>(), grad);
                    for (int i = 0; i < gradients.Length; i++) Send(store, node, i, () => gradients[i]);
                    break;
                }
            case OpKind.Dropout:
                // y = x∘mask: dx = dy∘mask.
                Send(store, node, 0, () => Tensor.DropoutBackward(node.ContextAs<float[]>(), grad));
                break;
            default:
                throw new NotSupportedException($"no backward rule for {node.Kind}");
        }
    }

    /// <summary>
    /// Accumulates the gradient of input <paramref name="index"/>, computing it only when that input needs one.
    /// <paramref name="exclusive"/>: nothing else holds the gradient (a new buffer of the rule's, or a view of an exclusive
    /// one), so the store may add into it.
    /// </summary>
    private static void Send(GradientStore store, Node node, int index, Func<Tensor> gradient, bool exclusive = false)
    {
        var input = node.Inputs[index];
        if (input.RequiresGrad) store.Accumulate(input, gradient(), node.Kind, exclusive);
    }

    // dB = Aᵀ·dC, laid out as B is: for B = Wᵀ, a transposed view of a weight (a Linear of out × in, a tied LM head), it
    // is computed as (dCᵀ·A)ᵀ, so that W's gradient comes out contiguous in W's own layout, which the store can add
    // into in place and an optimizer reads front to back.
    private static Tensor MatMulWeightGradient(Tensor a, Tensor b, Tensor grad)
    {
        if (b.Rank > 2) return a.TransposeLast().MatMul(grad);
        int rows = a.Shape.CountRange(0, a.Rank - 1), k = a.Shape[-1], n = grad.Shape[-1];
        var a2 = a.Rank == 2 ? a : a.Reshape(rows, k);
        var grad2 = grad.Rank == 2 ? grad : grad.Reshape(rows, n);
        bool transposed = k > 1 && n > 1 && b.Strides[0] == 1 && b.Strides[1] == k;
        return transposed ? grad2.TransposeLast().MatMul(a2).TransposeLast() : a2.TransposeLast().MatMul(grad2);
    }

    private static int[] InversePermutation(int[] permutation)
    {
        var inverse = new int[permutation.Length];
        for (int i = 0; i < permutation.Length; i++) inverse[permutation[i]] = i;
        return inverse;
    }

    /// <summary>Recorded tensors reachable from <paramref name="root"/>, inputs before the tensors made from them.</summary>
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<long>();
        var stack = new Stack<(Tensor Tensor, bool Expanded)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (tensor, expanded) = stack.Pop();
            if (expanded)
            {
                order.Add(tensor);
                continue;
            }

            if (tensor.GradNode is null || !visited.Add(tensor.Id)) continue;
            if (tensor.GradNode.IsReleased) throw new InvalidOperationException($"Backward: the graph through {tensor.GradNode.Kind} was already used by an earlier backward pass and freed");
            stack.Push((tensor, true));
            foreach (var input in tensor.GradNode.Inputs)
            {
                if (input.RequiresGrad) stack.Push((input, false));
            }
        }

        return order;
    }
}
