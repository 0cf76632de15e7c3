global using System.Diagnostics;
global using System.Runtime.CompilerServices;
global using Amend.Tensors;
global using Amend.Tensors.Autograd;
