// Errors in a user's sweep file. Every one names file:line:column and the path of the field,
// like the scenario loader's errors (DESIGN.md: scenarios/). When the shared `scenarios/errors.ts`
// lands, this class should become (or extend) that one — kept separate only so this issue does not
// block on it.

export interface SourcePosition {
  file: string;
  /** 1-based; 0 when unknown. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
}

/** A problem with the sweep definition: the CLI prints `message` and exits with code 2. */
export class SweepDefinitionError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly position: SourcePosition,
    /** Field path, e.g. `spec.parameters[1].path`; empty for the whole document. */
    readonly fieldPath: string,
    readonly detail: string,
  ) {
    super(SweepDefinitionError.format(position, fieldPath, detail));
    this.name = 'SweepDefinitionError';
  }

  static format(pos: SourcePosition, fieldPath: string, detail: string): string {
    const where = pos.line > 0 ? `${pos.file}:${pos.line}:${pos.column}` : pos.file;
    return fieldPath ? `${where}: ${fieldPath}: ${detail}` : `${where}: ${detail}`;
  }
}

/** Several definition errors found at once (the loader reports them all, not just the first). */
export class SweepDefinitionErrors extends Error {
  readonly exitCode = 2;
  constructor(readonly errors: SweepDefinitionError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'SweepDefinitionErrors';
  }
}

/** A misuse that is not tied to a position in a file (bad option, refused resume…): exit code 2. */
export class SweepUsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'SweepUsageError';
  }
}
