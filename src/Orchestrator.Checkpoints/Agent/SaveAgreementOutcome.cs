namespace Orchestrator.Checkpoints.Agent;

internal enum SaveAgreementOutcome
{
    /// <summary>Every rank published; the trainer was asked to save the agreed step.</summary>
    Agreed,

    /// <summary>The trainer saved for the request on its own (it agrees through its process group).</summary>
    AnsweredByTrainer,

    /// <summary>A newer request took over before any rank could agree on this one.</summary>
    Superseded,

    /// <summary>The deadline passed: the trainer saves the step it is at, which cannot commit without every rank.</summary>
    Released,
}
