export * from './time.js';
export * from './kernel.js';
export * from './random.js';
export { EventQueue, type Queueable } from './queue.js';
