// Piscina worker file that runs sweep tasks with the fake runner (fake-runner.ts) instead of the
// simulator: the tests and the benchmark pass it as the sweep's `worker`.

import { runOneWith } from '../run-one.js';
import { simulatePoint } from './fake-runner.js';

export default runOneWith(simulatePoint);
