using Amend.Editing.Hyperparameters;

namespace Amend.Editing.Tests.Hyperparameters;

public sealed class LayerListTextTests
{
    [Fact]
    public void Format_ShowsAShortListInFull()
    {
        Assert.Equal("[3, 4, 5, 6, 7, 8, 9, 10]", LayerListText.Format([3, 4, 5, 6, 7, 8, 9, 10]));
    }

    [Fact]
    public void Format_ShortensALongList_KeepingItsLastEntryAndLength()
    {
        Assert.Equal("[0, 1, 2, 3, 4, 5, 6, …, 99999] (100000 entries)", LayerListText.Format([.. Enumerable.Range(0, 100_000)]));
    }

    [Fact]
    public void OutOfRange_GivesOneProblemForEveryBadEntry()
    {
        Assert.Empty(LayerListText.OutOfRange([0, 2], 3));
        Assert.Equal(["layers: 3 is out of range; this model has layers 0..2"], LayerListText.OutOfRange([0, 3], 3));
        Assert.Equal(["layers: [-1, 3] are out of range; this model has layers 0..2"], LayerListText.OutOfRange([-1, 0, 3], 3));
    }

    [Fact]
    public void Repeated_GivesOneProblemWhenALayerComesTwice()
    {
        Assert.Empty(LayerListText.Repeated([1, 2]));
        Assert.Empty(LayerListText.Repeated(null));
        Assert.Equal(["layers: [1, 2, 1] names a layer twice"], LayerListText.Repeated([1, 2, 1]));
    }
}
