global using Amend.Tensors;
global using Xunit;
