global using Amend.Tensors;
global using Amend.Testing;
global using Xunit;
global using Amend.Editing;
