// Piscina worker file for sweeps: one task = one run of the simulator (runner/simulate.ts).
// Piscina loads this file by name (pool.ts); the simulator is an ordinary import.

import { simulatePoint } from '../runner/simulate.js';
import { runOneWith } from './run-one.js';

export default runOneWith(simulatePoint);
