global using Amend.Tensors;
global using Amend.World.Facts;
global using Amend.World.Generation;
global using Xunit;
