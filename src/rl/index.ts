/** Shared RL machinery: the Agent interface, masked categorical, GAE, rollout buffer, networks, on-policy loop. */
export {
  actBatch,
  assertAgent,
  loadAgentModule,
  type ActBatchOptions,
  type Agent,
  type LearnOptions,
  type LoadAgentOptions,
} from './agent.js';
export { checkAction, type ActionConstraints } from './action-check.js';
export {
  MASKED_LOGIT,
  applyMask,
  categoricalEntropy,
  categoricalLogProbs,
  maskBias,
  maskedEntropy,
  maskedLogSoftmaxRow,
  maskedProbabilities,
  sampleMaskedCategorical,
  type MaskedSample,
  type MaskedSampleOptions,
} from './distributions.js';
export { ReturnScaler, type RewardScaleResult } from './reward-scale.js';
export { computeGae, explainedVariance, type GaeInput, type GaeResult } from './gae.js';
export { RolloutBuffer, minibatchIndices, normalizeInPlace, type Minibatch, type RolloutBufferOptions } from './rollout-buffer.js';
export { Adam, clipByGlobalNorm, type AdamOptions, type ClippedGradients } from './optim.js';
export { trainOnPolicy, type OnPolicyOptions } from './on-policy.js';
export type {
  LossBatch,
  LossTerms,
  OnPolicyHyperparameters,
  OnUpdate,
  PolicyLoss,
  TrainingResult,
  UpdateStats,
} from './training-types.js';
export {
  PolicyGradientAgent,
  AGENT_MANIFEST,
  discreteActionCount,
  type PolicyAgentOptions,
  type PolicyGradientAgentOptions,
} from './policy-agent.js';
export type { RolloutEnvFactory, RolloutEnvRecipe } from './rollout-messages.js';
export { ParallelRollout, shareBounds } from './parallel-rollout.js';
export { OverlappedRollout } from './rollout-overlap.js';
export { NetworkAgent, type NetworkHyperparameters } from './network-agent.js';
export { ImitationAgent, type ImitationHyperparameters } from './imitation-agent.js';
export { imitationLoss, trainImitation, type Expert, type ImitationLoopHyperparameters, type ImitationOptions } from './imitation.js';
export { ImitationDataset, type ImitationBatch } from './imitation-dataset.js';
export { resolveHyperparameters, type AgentHyperparameters } from './hyperparameters.js';
export { Dense, INIT_GAIN, Mlp, assertPositiveIntegers, orthogonalMatrix, type NamedWeight } from './networks/layers.js';
export {
  BasePolicyNetwork,
  WEIGHTS_BINARY,
  WEIGHTS_MANIFEST,
  loadWeights,
  readWeightsManifest,
  saveWeights,
  type PolicyNetwork,
  type PolicyNetworkSpec,
  type PolicyOutput,
  type RecurrentInput,
  type RecurrentOutput,
  type RecurrentPolicy,
  type WeightsManifest,
} from './networks/network.js';
export {
  FlatObservationEncoder,
  MemoryObservationEncoder,
  createEncoder,
  inferEncoderSpec,
  isMemoryObservation,
  type EncoderKind,
  type EncoderSpec,
  type MemoryObservationLike,
  type ObservationEncoder,
} from './networks/encoders.js';
export { MlpPolicy, type MlpPolicyConfig } from './networks/mlp-policy.js';
export { SLOT_ACTION_GROUPS, SlotPolicy, memoryActionCount, type SlotPolicyConfig } from './networks/slot-policy.js';
export { Gru, type GruUnroll } from './networks/gru.js';
export { DEFAULT_RECURRENT_HIDDEN, RecurrentMlpPolicy, type RecurrentMlpPolicyConfig } from './networks/recurrent-mlp-policy.js';
export { RecurrentSlotPolicy, type RecurrentSlotPolicyConfig } from './networks/recurrent-slot-policy.js';
export { RecurrentRollout, gatherSequences, sequenceForward, type SequenceMinibatch } from './recurrent-rollout.js';
export { RecurrentActingState, episodeStartsFromInfos, recurrentStep, type RecurrentStep } from './recurrent-acting.js';
export {
  NETWORK_KINDS,
  createPolicyNetwork,
  loadPolicyNetwork,
  networkSpecFor,
  parseNetworkOptions,
  type NetworkKind,
  type NetworkOptions,
} from './networks/factory.js';
