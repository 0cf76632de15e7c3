global using Amend.Testing;
global using Xunit;
