export { Wrapper, ObservationWrapper, unwrap } from './wrapper.js';
export { TimeLimit } from './time-limit.js';
export { OrderEnforcing } from './order-enforcing.js';
export {
  RecordEpisodeStatistics,
  type EpisodeStatistics,
  type RecordEpisodeStatisticsOptions,
} from './record-episode-statistics.js';
export { FlattenObservation } from './flatten-observation.js';
