export { Discrete } from './discrete.js';
export { MultiDiscrete } from './multi-discrete.js';
export { MultiBinary } from './multi-binary.js';
export { Box, type BoxDtype } from './box.js';
export { Dict, type DictMask, type DictValue, type SpaceMap, type SpaceValue } from './dict.js';
export { flatdim, flatten, flattenSpace, unflatten } from './flatten.js';
