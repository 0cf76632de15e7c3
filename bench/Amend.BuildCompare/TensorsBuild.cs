using System.Reflection;
using System.Runtime.Loader;

namespace Amend.BuildCompare;

/// <summary>One build of Amend.Tensors, loaded from its folder into a context of its own.</summary>
internal sealed class TensorsBuild
{
    private readonly Multiply multiply;
    private readonly Type matrix64;

    private TensorsBuild(Multiply multiply, Type matrix64) => (this.multiply, this.matrix64) = (multiply, matrix64);

    private delegate void Multiply(
        bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate);

    /// <summary>Loads <c>Amend.Tensors.dll</c> from <paramref name="folder"/> and finds its float32 <c>Gemm.Multiply</c> and <c>Matrix64</c>.</summary>
    public static TensorsBuild Load(string folder)
    {
        string path = Path.GetFullPath(Path.Combine(folder, "Amend.Tensors.dll"));
        if (!File.Exists(path)) throw new FileNotFoundException($"no Amend.Tensors.dll in '{folder}' (build one with: dotnet build src/Amend.Tensors -c Release -o {folder})", path);

        var context = new FolderContext(Path.GetDirectoryName(path)!);
        var assembly = context.LoadFromAssemblyPath(path);
        var gemm = assembly.GetType("Amend.Tensors.Kernels.Gemm") ?? throw new InvalidOperationException($"{path} has no Amend.Tensors.Kernels.Gemm");
        var matrix64 = assembly.GetType("Amend.Tensors.Linalg.Matrix64") ?? throw new InvalidOperationException($"{path} has no Amend.Tensors.Linalg.Matrix64");
        var method = gemm.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == "Multiply" && m.GetParameters()[7].ParameterType == typeof(ReadOnlySpan<float>));
        return new TensorsBuild(method.CreateDelegate<Multiply>(), matrix64);
    }

    /// <summary>A call computing <paramref name="shape"/> on <paramref name="operands"/>, C overwritten each time.</summary>
    public Action Product(GemmShape shape, GemmOperands operands)
    {
        int lda = shape.TransA ? shape.M : shape.K, ldb = shape.TransB ? shape.K : shape.N;
        return () => multiply(shape.TransA, shape.TransB, shape.M, shape.N, shape.K, operands.A, lda, operands.B, ldb, operands.C, shape.N, false);
    }

    /// <summary>A call computing a float64 <paramref name="shape"/> with <c>Matrix64.Multiply</c> (which allocates C each time).</summary>
    public Action Product64(GemmShape shape, GemmOperands operands)
    {
        object a = Activator.CreateInstance(matrix64, shape.TransA ? shape.K : shape.M, shape.TransA ? shape.M : shape.K, operands.A64)!;
        object b = Activator.CreateInstance(matrix64, shape.TransB ? shape.N : shape.K, shape.TransB ? shape.K : shape.N, operands.B64)!;
        var multiply64 = matrix64.GetMethod("Multiply", BindingFlags.Public | BindingFlags.Static, [matrix64, typeof(bool), matrix64, typeof(bool)])
            ?? throw new InvalidOperationException("Matrix64 has no static Multiply(Matrix64, bool, Matrix64, bool)");
        object[] arguments = [a, shape.TransA, b, shape.TransB];
        return () => multiply64.Invoke(null, arguments);
    }

    // Amend's own assemblies load from the build's folder; the rest (the framework, System.Numerics.Tensors)
    // come from the default context, shared by both builds.
    private sealed class FolderContext(string folder) : AssemblyLoadContext(name: null)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            string candidate = Path.Combine(folder, name.Name + ".dll");
            return name.Name!.StartsWith("Amend.", StringComparison.Ordinal) && File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
