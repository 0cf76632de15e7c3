using Amend.Tensors.Backends;

namespace Amend.Tensors.Tests.Backends;

[Collection(ProcessWideSettingsCollection.Name)]
public sealed class GemmBackendsTests
{
    [Fact]
    public void Managed_IsAlwaysAvailable_AndTheDefault()
    {
        Assert.True(GemmBackends.IsAvailable(GemmBackend.Managed));
        Assert.Null(GemmBackends.UnavailableReason(GemmBackend.Managed));
    }

    [Fact]
    public void Use_SelectsTheBackend_UntilTheScopeIsDisposed()
    {
        var before = GemmBackends.Current;
        using (GemmBackends.Use(GemmBackend.OpenBlas))
        {
            Assert.Equal(GemmBackend.OpenBlas, GemmBackends.Current);
        }

        Assert.Equal(before, GemmBackends.Current);
    }
}
