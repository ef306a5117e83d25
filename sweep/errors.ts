// Sweep errors. A mistake in a sweep file (or in the scenario it sweeps) is a ScenarioError /
// ScenarioErrors from scenarios/errors.ts, like every other file error: file:line:column and the
// field path. What remains here is the one kind that is not tied to a place in a file.

/** A misuse that is not tied to a position in a file (bad option, refused resume…): exit code 2. */
export class SweepUsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'SweepUsageError';
  }
}
