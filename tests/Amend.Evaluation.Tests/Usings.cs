global using Amend.Editing;
global using Amend.Tensors;
global using Amend.Testing;
global using Xunit;
