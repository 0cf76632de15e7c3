namespace Amend.Editing.Methods.Kn;

/// <summary>One FFN intermediate neuron: its block and its index in the intermediate width.</summary>
/// <param name="Layer">The block.</param>
/// <param name="Index">The neuron, 0..d_ff−1: a row of GPT-2's c_proj, a column of LLaMA's down_proj.</param>
public readonly record struct KnowledgeNeuron(int Layer, int Index);
