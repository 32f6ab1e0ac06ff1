import { describe, expect, it } from 'vitest';
import * as rl from '../../src/rl/index.js';

describe('src/rl public API', () => {
  it('exports the machinery', () => {
    for (const name of [
      'loadAgentModule',
      'assertAgent',
      'actBatch',
      'sampleMaskedCategorical',
      'categoricalLogProbs',
      'categoricalEntropy',
      'computeGae',
      'RolloutBuffer',
      'minibatchIndices',
      'trainOnPolicy',
      'PolicyGradientAgent',
      'NetworkAgent',
      'ImitationAgent',
      'trainImitation',
      'imitationLoss',
      'ImitationDataset',
      'SlotPolicy',
      'MlpPolicy',
      'RecurrentMlpPolicy',
      'RecurrentSlotPolicy',
      'loadPolicyNetwork',
      'createEncoder',
      'Adam',
      'clipByGlobalNorm',
    ]) {
      expect(rl).toHaveProperty(name);
    }
  });
});
