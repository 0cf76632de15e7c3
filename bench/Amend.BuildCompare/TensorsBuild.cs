using System.Reflection;
using System.Runtime.Loader;

namespace Amend.BuildCompare;

/// <summary>One build of Amend.Tensors, loaded from its folder into a context of its own.</summary>
internal sealed class TensorsBuild
{
    private readonly Multiply multiply;

    private TensorsBuild(Multiply multiply) => this.multiply = multiply;

    private delegate void Multiply(
        bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate);

    /// <summary>Loads <c>Amend.Tensors.dll</c> from <paramref name="folder"/> and finds its float32 <c>Gemm.Multiply</c>.</summary>
    public static TensorsBuild Load(string folder)
    {
        string path = Path.GetFullPath(Path.Combine(folder, "Amend.Tensors.dll"));
        if (!File.Exists(path)) throw new FileNotFoundException($"no Amend.Tensors.dll in '{folder}' (build one with: dotnet build src/Amend.Tensors -c Release -o {folder})", path);

        var context = new FolderContext(Path.GetDirectoryName(path)!);
        var gemm = context.LoadFromAssemblyPath(path).GetType("Amend.Tensors.Kernels.Gemm")
            ?? throw new InvalidOperationException($"{path} has no Amend.Tensors.Kernels.Gemm");
        var method = gemm.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == "Multiply" && m.GetParameters()[7].ParameterType == typeof(ReadOnlySpan<float>));
        return new TensorsBuild(method.CreateDelegate<Multiply>());
    }

    /// <summary>A call computing <paramref name="shape"/> on <paramref name="operands"/>, C overwritten each time.</summary>
    public Action Product(GemmShape shape, GemmOperands operands)
    {
        int lda = shape.TransA ? shape.M : shape.K, ldb = shape.TransB ? shape.K : shape.N;
        return () => multiply(shape.TransA, shape.TransB, shape.M, shape.N, shape.K, operands.A, lda, operands.B, ldb, operands.C, shape.N, false);
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
