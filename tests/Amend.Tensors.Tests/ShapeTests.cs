namespace Amend.Tensors.Tests;

public sealed class ShapeTests
{
    [Fact]
    public void Broadcast_FollowsNumPyRules()
    {
        // Given shapes that broadcast on a leading and an inner axis
        var a = new Shape(4, 1, 3);
        var b = new Shape(5, 1);

        // When
        var result = Shape.Broadcast(a, b, "Add");

        // Then
        Assert.Equal(new Shape(4, 5, 3), result);
    }

    [Fact]
    public void Broadcast_Throws_NamingOpAndShapes_WhenIncompatible()
    {
        var error = Assert.Throws<TensorShapeException>(() => Shape.Broadcast(new Shape(2, 3), new Shape(4, 3), "Mul"));

        Assert.StartsWith("Mul:", error.Message);
        Assert.Contains("(2, 3)", error.Message);
        Assert.Contains("(4, 3)", error.Message);
    }

    [Fact]
    public void Constructor_Throws_WhenExtentIsNegative()
    {
        Assert.Throws<ArgumentException>(() => new Shape(2, -1));
    }
}
