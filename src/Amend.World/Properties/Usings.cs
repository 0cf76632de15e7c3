global using System.Diagnostics;
global using System.Runtime.CompilerServices;
global using Amend.Tensors;
