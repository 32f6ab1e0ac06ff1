/** The memory module: math, bank, relevance and adaptive slot count. */
export * from './math.js';
export * from './bank.js';
export * from './relevance.js';
export * from './slot-count.js';
export * from './layout.js';
