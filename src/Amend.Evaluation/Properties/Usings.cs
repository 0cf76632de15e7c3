global using System.Diagnostics;
global using System.Runtime.CompilerServices;
global using Amend.Editing;
global using Amend.Tensors;
