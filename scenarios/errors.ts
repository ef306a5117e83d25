// Errors a user sees when a scenario file is wrong. Every one names file:line:column and the
// field path, so the message alone is enough to find and fix the problem; no stack traces.

export type FieldPath = ReadonlyArray<string | number>;

/** `spec.nodePools[0].cpu`; keys that are not plain identifiers are quoted: `labels["app.kubernetes.io/name"]`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Longest value echoed into a message; a longer one is cut, with its length said. */
export const MAX_ECHOED_CHARS = 80;

/** `text` if short, else its start and how long it was: one error stays one readable line. */
export function clip(text: string, max = MAX_ECHOED_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** Cuts every long quoted value (`"…"`) in a message, wherever the message was made. */
function clipQuoted(message: string): string {
  if (message.length <= MAX_ECHOED_CHARS) return message;
  return message.replace(/"(?:[^"\\]|\\.)*"/g, (q) => (q.length - 2 <= MAX_ECHOED_CHARS ? q : `"${clip(q.slice(1, -1))}"`));
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  /** The message without the location prefix (long values cut). */
  readonly detail: string;
  constructor(
    readonly file: string,
    /** 1-based */
    readonly line: number,
    /** 1-based */
    readonly column: number,
    readonly path: FieldPath,
    detail: string,
  ) {
    detail = clipQuoted(detail);
    const where = path.length > 0 ? clipQuoted(`${formatPath(path)}: `) : '';
    super(`${file}:${line}:${column}: ${where}${detail}`);
    this.detail = detail;
  }
}

/** Most errors after the first few are consequences or repeats; the CLI prints at most this many. */
export const MAX_REPORTED_ERRORS = 20;

/** Several errors at once (a file usually has more than one mistake). Message: one per line. */
export class ScenarioErrors extends Error {
  override readonly name = 'ScenarioErrors';
  constructor(readonly errors: readonly ScenarioError[]) {
    const shown = errors.slice(0, MAX_REPORTED_ERRORS).map((e) => e.message);
    if (errors.length > MAX_REPORTED_ERRORS) shown.push(`... and ${errors.length - MAX_REPORTED_ERRORS} more errors`);
    super(shown.join('\n'));
  }
}

/** Orders by file (in the order given), then line, then column. */
export function sortErrors(errors: ScenarioError[], fileOrder: readonly string[]): ScenarioError[] {
  const rank = (f: string): number => {
    const i = fileOrder.indexOf(f);
    return i < 0 ? fileOrder.length : i;
  };
  return [...errors].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.column - b.column);
}
