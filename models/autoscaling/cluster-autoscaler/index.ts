// Public API of node groups, the cluster autoscaler, failures and cost.
export * from './config.js';
export * from './policy/expander.js';
export * from './simulator.js';
export * from './policy/drain.js';
export * from './provider.js';
export * from '../../nodes/failures.js';
export * from '../../nodes/cost.js';
export * from './controller.js';
export * from '../capacity.js';
