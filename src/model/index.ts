/**
 * The memory-augmented transformer (MAT) in TensorFlow.js: backend selection, the model, pre-training,
 * checkpoints and FLOP counts.
 */
export {
  BACKEND_ORDER,
  type BackendAttempt,
  type BackendName,
  type BackendSelection,
  currentBackend,
  selectBackend,
  type SelectBackendOptions,
} from './backend.js';
export { DEFAULT_MAT_CONFIG, type MatConfig, resolveMatConfig, sameMatConfig } from './config.js';
export { type AnswerInput, type AnswerOutput, type Evaluation, type ItemEncoding, type LossTensors, Mat } from './mat.js';
export type { MaskLike } from './inputs.js';
export {
  type AnswerTrainingBatch,
  type ContextTokens,
  disposeTrainingTensors,
  type SlotMemoryTokens,
  type SoftWriteMemoryTokens,
  type TrainingTensors,
  toTrainingTensors,
} from './training-batch.js';
export { softRead, softWrite, type SoftWriteInput } from './memory-ops.js';
export type { NamedVariable } from './params.js';
export { type AnswerShape } from './flops.js';
export { MASKED, memoryAttention, type MemoryAttentionInput } from './attention.js';
export { Adam, type AdamOptions, type AdamState, type NamedArray } from './optimizer.js';
export { pretrain, type PretrainLogEntry, type PretrainOptions, type PretrainResult, trainStep, type TrainStepResult } from './pretrain.js';
export {
  type CheckpointExtra,
  type CheckpointInfo,
  loadModel,
  loadModelSync,
  loadWeightsInto,
  MAT_FORMAT,
  MAT_FORMAT_VERSION,
  readCheckpointInfo,
  saveModel,
  saveModelSync,
} from './checkpoint.js';
export { answerFlops, encodeFlops } from './flops.js';
