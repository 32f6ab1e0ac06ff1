/**
 * The common body of every learner with a policy network (REINFORCE, A2C and PPO, and the imitation
 * learners BC and DAgger): hyperparameter validation, lazy network construction from the first
 * observation, acting (sampled or greedy, masked; a recurrent network's state carried through each
 * episode, see recurrent-acting.ts), checkpoints (`agent.json` + the network's weights),
 * and starting from another learner's network (`initFrom`). A concrete learner supplies its name, its
 * defaults and `learn`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Info } from '../core/env.js';
import type { VectorEnv, VectorResetResult } from '../core/vector.js';
import { AgentError, CheckpointError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import type { Agent, LearnOptions } from './agent.js';
import { sampleMaskedCategorical } from './distributions.js';
import {
  MemoryObservationEncoder,
  createEncoder,
  inferEncoderSpec,
  isMemoryObservation,
  type EncoderSpec,
  type ObservationEncoder,
} from './networks/encoders.js';
import { createPolicyNetwork, networkSpecFor, parseNetworkOptions, type NetworkOptions } from './networks/factory.js';
import type { PolicyNetwork, PolicyNetworkSpec } from './networks/network.js';
import { resolveHyperparameters } from './hyperparameters.js';
import { Adam } from './optim.js';
import { RecurrentActingState, episodeStartsFromInfos } from './recurrent-acting.js';
import type { TrainingResult } from './training-types.js';

/** Hyperparameters every network learner has. */
export interface NetworkHyperparameters {
  learningRate: number;
  seed: number;
}

/** Constructor options shared by the network learners. */
export interface PolicyAgentOptions<H> {
  /** Overrides of the agent's defaults (unknown keys are a ConfigError). */
  hyperparameters?: Partial<H>;
  network?: NetworkOptions;
  /**
   * `act` takes the most probable valid action instead of sampling (default false); with the slot
   * policy, the most probable operation (NOOP, RETRIEVE, STORE_AUTO, STORE, FORGET, GROW, SHRINK), then
   * the most probable action within it.
   */
  deterministic?: boolean;
}

/** File name of an agent checkpoint's metadata. */
export const AGENT_MANIFEST = 'agent.json';
const AGENT_FORMAT = 'memgym-agent';

interface AgentManifest {
  format: string;
  version: number;
  name: string;
  hyperparameters: Record<string, unknown>;
  encoder: EncoderSpec;
  network: PolicyNetworkSpec;
}

/** The action count of a Discrete space (`n`), else the length of a sample mask. */
export function discreteActionCount(space: unknown, mask?: Uint8Array): number {
  const n = (space as { n?: unknown } | null)?.n;
  if (typeof n === 'number' && Number.isInteger(n) && n > 0) return n;
  if (mask !== undefined) return mask.length;
  throw new AgentError(`expected a Discrete action space (with n) or an action mask, got ${String(space)}`);
}

/** `observation.actionMask` when it is a Uint8Array. */
export function observationMask(observation: unknown): Uint8Array | undefined {
  if (observation === null || typeof observation !== 'object' || ArrayBuffer.isView(observation)) return undefined;
  const m = (observation as { actionMask?: unknown }).actionMask;
  return m instanceof Uint8Array ? m : undefined;
}

/** `info.actionMask` when it is a Uint8Array. */
export function infoMask(info: Info | undefined): Uint8Array | undefined {
  const m = info?.actionMask;
  return m instanceof Uint8Array ? m : undefined;
}

async function readManifest(dir: string): Promise<Partial<AgentManifest>> {
  const path = join(dir, AGENT_MANIFEST);
  let m: Partial<AgentManifest>;
  try {
    m = JSON.parse(await readFile(path, 'utf8')) as Partial<AgentManifest>;
  } catch (err) {
    throw new CheckpointError(`expected a readable agent checkpoint at ${path}, got: ${(err as Error).message}`);
  }
  if (m === null || typeof m !== 'object' || m.format !== AGENT_FORMAT || !m.encoder || !m.network) {
    throw new CheckpointError(`expected a "${AGENT_FORMAT}" manifest with encoder and network in ${path}`);
  }
  return m;
}

/** Base class of the learners with a policy network (see the module comment). */
export abstract class NetworkAgent<H extends NetworkHyperparameters> implements Agent {
  abstract readonly name: string;
  readonly hyperparameters: H;
  /** Greedy `act` instead of sampling. */
  deterministic: boolean;
  readonly networkOptions: NetworkOptions;
  private net: PolicyNetwork | undefined;
  private enc: ObservationEncoder | undefined;
  /** The learner's optimiser (created by {@link prepareLearn}; reset when the network is replaced). */
  protected optimizer: Adam | undefined;
  private actRng: Rng;
  /** A recurrent network's state while acting (created on the first act). */
  private acting: RecurrentActingState | undefined;

  protected constructor(defaults: H, opts: PolicyAgentOptions<H> = {}) {
    this.hyperparameters = resolveHyperparameters(defaults, opts.hyperparameters);
    this.deterministic = opts.deterministic ?? false;
    this.networkOptions = parseNetworkOptions(opts.network);
    this.actRng = new Rng(`${this.hyperparameters.seed}/act`);
  }

  /** Trains on a vector env (the env is reset with the agent's seed). */
  abstract learn(env: VectorEnv<unknown, number>, options: LearnOptions): Promise<TrainingResult>;

  /** The policy network (undefined before the first `learn`, `act` or `load`). */
  get network(): PolicyNetwork | undefined {
    return this.net;
  }

  /** The observation encoder (undefined before the network is built). */
  get encoder(): ObservationEncoder | undefined {
    return this.enc;
  }

  /** Builds encoder and network for `sample` (no-op when already built). */
  build(sample: unknown, numActions: number): void {
    if (this.net) return;
    const encSpec = inferEncoderSpec(sample, this.networkOptions.kind === 'mlp' ? 'flat' : 'auto');
    this.install(encSpec, networkSpecFor(encSpec, numActions, this.networkOptions));
  }

  private install(encSpec: EncoderSpec, netSpec: PolicyNetworkSpec): void {
    const enc = createEncoder(encSpec);
    const net = createPolicyNetwork(netSpec, `${this.hyperparameters.seed}/init`);
    if (enc.featureSize !== net.inputSize) {
      net.dispose();
      throw new CheckpointError(`expected encoder features (${enc.featureSize}) to match the network input (${net.inputSize})`);
    }
    this.disposeModel();
    this.enc = enc;
    this.net = net;
  }

  /** Starts a new episode: a recurrent network's acting state is zeroed (no-op for feed-forward ones). */
  reset(): void {
    this.acting?.reset();
  }

  /** A recurrent network's acting state (batch × stateSize, a copy); undefined before acting or after `reset`. */
  recurrentState(): Float32Array | undefined {
    return this.acting?.current();
  }

  /**
   * Adaptive N: a memory observation with another slot count re-targets the slot policy (same weights)
   * and its encoder to that count.
   */
  protected adaptSlots(sample: unknown): void {
    const enc = this.enc;
    const net = this.net;
    if (!enc || enc.spec.kind !== 'memory' || net?.setMaxSlots === undefined || !isMemoryObservation(sample)) return;
    const spec = MemoryObservationEncoder.specFor(sample);
    if (spec.maxSlots === enc.spec.maxSlots) return;
    if (spec.itemDim !== enc.spec.itemDim || spec.globalDim !== enc.spec.globalDim) {
      throw new AgentError(
        `${this.name}: expected item/global sizes ${enc.spec.itemDim}/${enc.spec.globalDim}, got ${spec.itemDim}/${spec.globalDim}`,
      );
    }
    net.setMaxSlots(spec.maxSlots);
    this.enc = new MemoryObservationEncoder(spec) as ObservationEncoder;
  }

  private ensureBuilt(sample: unknown, mask: Uint8Array | undefined): { net: PolicyNetwork; enc: ObservationEncoder } {
    if (!this.net || !this.enc) {
      if (mask === undefined) {
        throw new AgentError(`${this.name}: no network yet and no action mask to size one; call learn() or load() first`);
      }
      this.build(sample, mask.length);
    }
    this.adaptSlots(sample);
    return { net: this.net as PolicyNetwork, enc: this.enc as ObservationEncoder };
  }

  /**
   * The start of `learn`: resets `env` with the agent's seed, builds (or re-targets) the network for its
   * observations and creates the optimiser once.
   */
  protected prepareLearn(env: VectorEnv<unknown, number>): {
    initial: VectorResetResult<unknown>;
    network: PolicyNetwork;
    encoder: ObservationEncoder;
    optimizer: Adam;
  } {
    const initial = env.reset({ seed: this.hyperparameters.seed });
    this.acting?.reset();
    const sample = initial.observations[0];
    if (!this.net) {
      const mask = observationMask(sample) ?? infoMask(initial.infos[0]) ?? env.actionMasks?.()[0];
      this.build(sample, discreteActionCount(env.singleActionSpace, mask));
    }
    this.adaptSlots(sample);
    const network = this.net as PolicyNetwork;
    this.optimizer ??= new Adam(network.trainableVariables, { learningRate: this.hyperparameters.learningRate });
    return { initial, network, encoder: this.enc as ObservationEncoder, optimizer: this.optimizer };
  }

  act(observation: unknown, info: Info = {}): number {
    return this.actBatch([observation], [info])[0] as number;
  }

  actBatch(observations: readonly unknown[], infos: readonly Info[] = [], masks?: readonly (Uint8Array | undefined)[]): Int32Array {
    if (observations.length === 0) return new Int32Array(0);
    const first = masks?.[0] ?? observationMask(observations[0]) ?? infoMask(infos[0]);
    const { net, enc } = this.ensureBuilt(observations[0], first);
    const B = observations.length;
    const A = net.numActions;
    let flatMasks: Uint8Array | undefined;
    for (let b = 0; b < B; b++) {
      const info = infos[b];
      const m = masks?.[b] ?? enc.mask(observations[b]) ?? infoMask(info);
      if (m === undefined) continue;
      if (m.length !== A) throw new RangeError(`expected an action mask of length ${A}, got ${m.length}`);
      flatMasks ??= new Uint8Array(B * A).fill(1);
      flatMasks.set(m, b * A);
    }
    const rec = net.recurrent;
    const logits = rec
      ? (this.acting ??= new RecurrentActingState()).logits(rec, net.inputSize, enc.encode(observations), episodeStartsFromInfos(infos, B))
      : tf.tidy(() => Float32Array.from(net.forward(enc.toTensor(observations)).logits.dataSync()));
    // Greedy acting on the slot policy takes the most probable operation first, then its best slot.
    const groups = this.deterministic ? net.actionGroups?.() : undefined;
    return sampleMaskedCategorical({ logits, numActions: A, masks: flatMasks, rng: this.actRng, deterministic: this.deterministic, groups })
      .actions;
  }

  /** Writes `agent.json` and the network weights into `dir`. */
  async save(dir: string): Promise<void> {
    if (!this.net || !this.enc) throw new AgentError(`${this.name}: nothing to save; call learn() or load() first`);
    const manifest: AgentManifest = {
      format: AGENT_FORMAT,
      version: 1,
      name: this.name,
      hyperparameters: { ...(this.hyperparameters as unknown as Record<string, unknown>) },
      encoder: this.enc.spec,
      network: this.net.spec,
    };
    await mkdir(dir, { recursive: true });
    await this.net.save(dir);
    await writeFile(join(dir, AGENT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  /** Restores an agent saved by `save` of the same agent type (hyperparameters and network). */
  async load(dir: string): Promise<void> {
    const m = await readManifest(dir);
    if (m.name !== this.name) throw new CheckpointError(`expected a checkpoint of agent "${this.name}", got "${String(m.name)}"`);
    let hyperparameters: H;
    try {
      hyperparameters = resolveHyperparameters(this.hyperparameters, (m.hyperparameters ?? {}) as Partial<H>);
    } catch (err) {
      throw new CheckpointError(`expected valid hyperparameters in ${join(dir, AGENT_MANIFEST)}, got: ${(err as Error).message}`);
    }
    await this.loadNetwork(dir, m as AgentManifest);
    Object.assign(this.hyperparameters, hyperparameters);
    this.actRng = new Rng(`${this.hyperparameters.seed}/act`);
  }

  /**
   * Starts from another learner's policy: the network (architecture and weights) of a saved agent
   * directory of any learner type, or of a built agent in memory. The hyperparameters stay this
   * agent's; the optimiser starts afresh. E.g. PPO from a DAgger agent.
   */
  async initFrom(source: string | NetworkAgent<NetworkHyperparameters>): Promise<void> {
    if (typeof source === 'string') {
      await this.loadNetwork(source, (await readManifest(source)) as AgentManifest);
      return;
    }
    const net = source.network;
    const enc = source.encoder;
    if (!net || !enc) throw new AgentError(`${this.name}: expected a trained agent to start from, got ${source.name} without a network`);
    this.install(enc.spec, net.spec);
    const mine = (this.net as PolicyNetwork).namedWeights();
    const theirs = net.namedWeights();
    tf.tidy(() => mine.forEach((w, i) => w.variable.assign((theirs[i] as (typeof theirs)[number]).variable)));
    this.resetOptimizer();
  }

  private async loadNetwork(dir: string, m: AgentManifest): Promise<void> {
    const previous = { net: this.net, enc: this.enc };
    this.net = undefined;
    this.enc = undefined;
    try {
      this.install(m.encoder, m.network);
      await (this.net as unknown as PolicyNetwork).load(dir);
    } catch (err) {
      this.disposeModel();
      this.net = previous.net;
      this.enc = previous.enc;
      throw err instanceof CheckpointError ? err : new CheckpointError(`cannot load ${dir}: ${(err as Error).message}`);
    }
    previous.net?.dispose();
    this.resetOptimizer();
  }

  private resetOptimizer(): void {
    this.optimizer?.dispose();
    this.optimizer = undefined;
  }

  private disposeModel(): void {
    this.acting = undefined;
    this.net?.dispose();
    this.net = undefined;
    this.enc = undefined;
  }

  /** Frees the network and optimiser tensors. */
  dispose(): void {
    this.disposeModel();
    this.resetOptimizer();
  }
}
