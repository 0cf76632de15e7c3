using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class ShortHashTests
{
    [Fact]
    public void Of_IsTheFirst16HexDigitsOfSha256()
    {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2)
        Assert.Equal("ba7816bf8f01cfea", ShortHash.Of("abc"));
    }
}
