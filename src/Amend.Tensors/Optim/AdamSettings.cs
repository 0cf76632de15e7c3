namespace Amend.Tensors.Optim;

/// <summary>Hyperparameters of one Adam step: learning rate, moment decay rates β₁ and β₂, and ε.</summary>
internal readonly record struct AdamSettings(double LearningRate, double Beta1, double Beta2, double Epsilon);
