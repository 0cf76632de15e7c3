using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels;

namespace Amend.Tensors;

/// <summary>Losses: cross-entropy against class ids and KL divergence between distributions.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Cross-entropy of these logits (..., V) against class ids, one per row: ℓₙ = −log softmax(xₙ)[tₙ],
    /// computed stably as logsumexp(xₙ) − xₙ[tₙ] (PyTorch <c>cross_entropy</c>). Rows whose target equals
    /// <paramref name="ignoreIndex"/> contribute nothing. <see cref="LossReduction.Mean"/> divides by the number
    /// of non-ignored rows (NaN when every row is ignored, as PyTorch); <see cref="LossReduction.None"/> returns
    /// the per-row losses shaped as the logits without their last axis, 0 at ignored rows.
    /// </summary>
    /// <param name="targets">Class ids in [0, V) or <paramref name="ignoreIndex"/>, one per row (row-major over the leading axes).</param>
    /// <param name="ignoreIndex">Target value that marks a row to skip (PyTorch's default −100).</param>
    /// <param name="reduction">How rows combine.</param>
    /// <exception cref="TensorShapeException">The logits have no axes, the target count differs from the row count, or a target is out of range.</exception>
    public Tensor CrossEntropy(int[] targets, int ignoreIndex = -100, LossReduction reduction = LossReduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(targets);
        RequireReduction("CrossEntropy", reduction);
        int classes = CrossEntropyChecked(targets, ignoreIndex);
        var lse = new float[targets.Length];
        var losses = CrossEntropyKernel.Forward(TensorMemory.Read(this), classes, targets, ignoreIndex, lse);
        int counted = targets.Count(t => t != ignoreIndex);
        var saved = new CrossEntropyKernel.Saved((int[])targets.Clone(), ignoreIndex, lse, reduction, counted);
        return Record(ReduceLoss(losses, LeadingShape(Shape), reduction, counted), OpKind.CrossEntropy, saved, this);
    }

    /// <summary>
    /// KL(P‖Q) = Σᵥ p·(log p − log q) over the last axis, for P and Q given as log-probabilities of the same shape
    /// (..., V). <paramref name="logP"/> is the distribution the expectation is taken under, <paramref name="logQ"/>
    /// the one compared with it; ROME's and MEMIT's essence term is KL(edited ‖ unedited): the edited model's
    /// log-probabilities as <paramref name="logP"/>, as EasyEdit's <c>kl_div(init, edited, log_target=True)</c>.
    /// Equals PyTorch's <c>kl_div(input: logQ, target: logP, log_target: True)</c>; <see cref="LossReduction.Mean"/>
    /// averages over rows, which is its <c>reduction="batchmean"</c> for 2-D inputs. Terms with p = 0 count 0.
    /// </summary>
    /// <exception cref="TensorShapeException">The shapes differ or have no axes.</exception>
    public static Tensor KlDivergence(Tensor logP, Tensor logQ, LossReduction reduction = LossReduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(logP);
        ArgumentNullException.ThrowIfNull(logQ);
        RequireReduction("KlDivergence", reduction);
        if (logP.Rank == 0 || !logP.Shape.Equals(logQ.Shape)) throw new TensorShapeException("KlDivergence", $"log p {logP.Shape} and log q {logQ.Shape} must have the same shape with at least one axis");
        var kl = KlDivergenceKernel.Forward(TensorMemory.Read(logP), TensorMemory.Read(logQ), logP.Shape.CountRange(0, logP.Rank - 1), logP.Shape[-1]);
        var result = ReduceLoss(kl, LeadingShape(logP.Shape), reduction, kl.Length);
        return Record(result, OpKind.KlDivergence, new KlDivergenceKernel.Saved(reduction), logP, logQ);
    }

    /// <summary>Gradient of <see cref="CrossEntropy"/> with respect to the logits.</summary>
    internal static Tensor CrossEntropyBackward(Tensor logits, CrossEntropyKernel.Saved saved, Tensor grad)
    {
        var rowGradient = LossRowGradient(grad, saved.Reduction, saved.Targets.Length, saved.Counted);
        return Wrap(CrossEntropyKernel.Backward(TensorMemory.Read(logits), logits.Shape[-1], saved, rowGradient), logits.Shape);
    }

    /// <summary>Gradients of <see cref="KlDivergence"/> with respect to log p and log q.</summary>
    internal static Tensor[] KlDivergenceBackward(Tensor[] inputs, KlDivergenceKernel.Saved saved, Tensor grad)
    {
        var (logP, logQ) = (inputs[0], inputs[1]);
        int rows = logP.Shape.CountRange(0, logP.Rank - 1);
        var rowGradient = LossRowGradient(grad, saved.Reduction, rows, rows);
        var (dLogP, dLogQ) = KlDivergenceKernel.Backward(TensorMemory.Read(logP), TensorMemory.Read(logQ), logP.Shape[-1], rowGradient);
        return [Wrap(dLogP, logP.Shape), Wrap(dLogQ, logQ.Shape)];
    }

    private int CrossEntropyChecked(int[] targets, int ignoreIndex)
    {
        const string op = "CrossEntropy";
        if (Rank == 0) throw new TensorShapeException(op, $"logits need a class axis, got shape {Shape}");
        int classes = Shape[-1], rows = Shape.CountRange(0, Rank - 1);
        if (targets.Length != rows) throw new TensorShapeException(op, $"{targets.Length} targets for logits of shape {Shape}, which has {rows} rows");
        for (int n = 0; n < targets.Length; n++)
        {
            if (targets[n] != ignoreIndex && (uint)targets[n] >= (uint)classes)
            {
                throw new TensorShapeException(op, $"target {targets[n]} at row {n} is outside [0, {classes}) for logits of shape {Shape} (ignore index {ignoreIndex})");
            }
        }

        return classes;
    }

    private static Shape LeadingShape(Shape shape) => new(shape.Dims[..^1].ToArray());

    private static void RequireReduction(string op, LossReduction reduction)
    {
        if (!Enum.IsDefined(reduction)) throw new ArgumentOutOfRangeException(nameof(reduction), $"{op}: unknown reduction {reduction}");
    }

    /// <summary>Per-row losses reduced as asked: a scalar for Mean (sum / <paramref name="meanCount"/>) and Sum, else shaped <paramref name="rows"/>.</summary>
    private static Tensor ReduceLoss(float[] perRow, Shape rows, LossReduction reduction, int meanCount)
    {
        if (reduction == LossReduction.None) return Wrap(perRow, rows);
        double sum = 0;
        foreach (float loss in perRow) sum += loss;
        return Scalar((float)(reduction == LossReduction.Sum ? sum : sum / meanCount));
    }

    /// <summary>The upstream gradient of each row's loss: g, g / count, or the per-row gradient as given.</summary>
    private static float[] LossRowGradient(Tensor grad, LossReduction reduction, int rows, int meanCount)
    {
        if (reduction == LossReduction.None) return grad.ToArray();
        float g = grad.Item();
        var rowGradient = new float[rows];
        Array.Fill(rowGradient, reduction == LossReduction.Sum ? g : g / meanCount);
        return rowGradient;
    }
}
