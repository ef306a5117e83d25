// Public API of node groups, the cluster autoscaler, failures and cost.
export * from './config.js';
export * from './expander.js';
export * from './simulator.js';
export * from './drain.js';
export * from './provider.js';
export * from './failures.js';
export * from './cost.js';
export * from './controller.js';
export * from './attach.js';
