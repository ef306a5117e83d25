// Public API of the scheduler model.
export * from './framework.js';
export * from './config.js';
export * from './plugin-args.js';
export * from './node-info.js';
export * from './profile.js';
export * from './select.js';
export * from './filter.js';
export * from './schedule.js';
export * from './preemption.js';
export * from './queue.js';
