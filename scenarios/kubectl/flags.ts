// Flags the way kubectl (cobra + pflag) reads them: `--name=value`, `--name value`, `-n value`,
// `-nvalue`, `-n=value`, boolean `--force` / `--force=false`, flags anywhere among the
// arguments, the last of a repeated flag wins (list flags collect), `--` ends the flags.

import { parseDuration, DurationError, type Millis } from '../../sim/time.js';
import { suggestionSuffix } from '../suggest.js';
import { CommandError } from './errors.js';
import type { Word } from './tokenize.js';

export interface FlagSpec {
  long: string;
  short?: string;
  /** bool flags take no separate value; value flags take the next word when no `=` is given. */
  type: 'bool' | 'value' | 'list';
  /** pflag's NoOptDefVal: the value when the flag is given without `=value` (`--cascade`). */
  noValueDefault?: string;
  /** For the flag listing in errors: `--replicas=COUNT`. */
  placeholder?: string;
}

export interface ParsedFlags {
  /** Arguments that are not flags, in order (before `--`). */
  args: Word[];
  /** Words after `--`, or undefined when there was no `--`. */
  rest: Word[] | undefined;
  /** Last value of each flag given (list flags: every value), keyed by long name. */
  values: Map<string, Word[]>;
}

/** Flags kubectl has but that make no sense in a timeline, with why. */
const REJECTED: Record<string, string> = {
  'dry-run': '--dry-run is not supported in a timeline: every action changes the simulated cluster (remove the flag, or remove the action)',
  'server-side': '--server-side is not supported: k8sim applies manifests the way client-side apply does',
  kubeconfig: '--kubeconfig is not supported: a timeline acts on the simulated cluster',
  context: '--context is not supported: a timeline acts on the simulated cluster',
  cluster: '--cluster is not supported: a timeline acts on the simulated cluster',
  output: '--output/-o is not supported on commands that change the cluster (only `get` prints)',
};

const BOOL_TEXT: Record<string, boolean> = {
  '1': true, t: true, T: true, true: true, TRUE: true, True: true,
  '0': false, f: false, F: false, false: false, FALSE: false, False: false,
};

export function parseFlags(words: Word[], specs: readonly FlagSpec[], command: string): ParsedFlags {
  const byLong = new Map(specs.map((s) => [s.long, s]));
  const byShort = new Map(specs.filter((s) => s.short !== undefined).map((s) => [s.short!, s]));
  const args: Word[] = [];
  const values = new Map<string, Word[]>();
  const put = (spec: FlagSpec, value: Word): void => {
    const prev = values.get(spec.long);
    if (spec.type === 'list' && prev) prev.push(value);
    else values.set(spec.long, [value]);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const t = w.text;
    if (t === '--') return { args, rest: words.slice(i + 1), values };
    if (t.length < 2 || !t.startsWith('-') || /^-\d/.test(t)) {
      args.push(w);
      continue;
    }
    let spec: FlagSpec | undefined;
    let inline: string | undefined;
    let shown: string;
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      const name = eq < 0 ? t.slice(2) : t.slice(2, eq);
      if (eq >= 0) inline = t.slice(eq + 1);
      shown = `--${name}`;
      spec = byLong.get(name);
      if (spec === undefined) {
        const why = REJECTED[name];
        if (why !== undefined) throw new CommandError(why, w.start);
        throw unknownFlag(shown, specs, command, w.start);
      }
    } else {
      const name = t[1]!;
      shown = `-${name}`;
      spec = byShort.get(name);
      if (spec === undefined) {
        if (name === 'o') throw new CommandError(REJECTED.output!, w.start);
        throw unknownFlag(shown, specs, command, w.start);
      }
      if (t.length > 2) inline = t[2] === '=' ? t.slice(3) : t.slice(2);
    }
    if (spec.type === 'bool') {
      if (inline === undefined) put(spec, { text: 'true', start: w.start });
      else if (inline in BOOL_TEXT) put(spec, { text: String(BOOL_TEXT[inline]), start: w.start });
      else throw new CommandError(`invalid value ${JSON.stringify(inline)} for ${shown}: expected true or false`, w.start);
    } else if (inline !== undefined) {
      put(spec, { text: inline, start: w.start });
    } else if (spec.noValueDefault !== undefined) {
      put(spec, { text: spec.noValueDefault, start: w.start });
    } else {
      const next = words[i + 1];
      if (next === undefined) throw new CommandError(`flag ${shown} needs a value (${flagUsage(spec)})`, w.start);
      put(spec, next);
      i++;
    }
  }
  return { args, rest: undefined, values };
}

function flagUsage(s: FlagSpec): string {
  const long = s.type === 'bool' ? `--${s.long}` : `--${s.long}=${s.placeholder ?? 'VALUE'}`;
  return s.short === undefined ? long : `-${s.short}, ${long}`;
}

function unknownFlag(shown: string, specs: readonly FlagSpec[], command: string, offset: number): CommandError {
  const names = specs.flatMap((s) => (s.short === undefined ? [`--${s.long}`] : [`--${s.long}`, `-${s.short}`]));
  const list = specs.length === 0 ? 'it takes no flags' : `its flags: ${specs.map(flagUsage).join(', ')}`;
  let hint = suggestionSuffix(shown, names);
  const prefixed = names.filter((n) => n.startsWith(shown) && shown.startsWith('--'));
  if (hint === '' && prefixed.length === 1) hint = ` (did you mean ${JSON.stringify(prefixed[0])}?)`;
  return new CommandError(`unknown flag ${shown} for "${command}"${hint}; ${list}`, offset);
}

// ---- typed reads ----

export class FlagReader {
  constructor(private readonly parsed: ParsedFlags) {}

  has(long: string): boolean {
    return this.parsed.values.has(long);
  }

  word(long: string): Word | undefined {
    const v = this.parsed.values.get(long);
    return v === undefined ? undefined : v[v.length - 1];
  }

  string(long: string): string | undefined {
    return this.word(long)?.text;
  }

  list(long: string): Word[] {
    return this.parsed.values.get(long) ?? [];
  }

  bool(long: string): boolean {
    return this.string(long) === 'true';
  }

  int(long: string, min?: number): number | undefined {
    const w = this.word(long);
    if (w === undefined) return undefined;
    if (!/^[-+]?\d+$/.test(w.text) || !Number.isSafeInteger(Number(w.text))) {
      throw new CommandError(`invalid value ${JSON.stringify(w.text)} for --${long}: expected an integer`, w.start);
    }
    const n = Number(w.text);
    if (min !== undefined && n < min) {
      throw new CommandError(`invalid value ${n} for --${long}: must be at least ${min}`, w.start);
    }
    return n;
  }

  duration(long: string): Millis | undefined {
    const w = this.word(long);
    if (w === undefined) return undefined;
    try {
      return parseDuration(w.text);
    } catch (e) {
      if (e instanceof DurationError) throw new CommandError(`--${long}: ${e.message}`, w.start);
      throw e;
    }
  }
}
