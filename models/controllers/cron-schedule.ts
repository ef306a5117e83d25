// CronJob schedules as robfig/cron's ParseStandard reads them (what kube-controller-manager
// uses): five fields (minute hour day-of-month month day-of-week; names, ranges, steps, `?`,
// day-of-month OR day-of-week when both are restricted), the descriptors @yearly/@annually,
// @monthly, @weekly, @daily/@midnight, @hourly, `@every <duration>`, and a `TZ=`/`CRON_TZ=`
// prefix; evaluated in an IANA time zone (default UTC, the simulated controller manager's). The
// field arithmetic is croner's; this module holds robfig's grammar and error texts around it,
// so croner's own extensions (a seconds field, L, W, #, 7 for Sunday) are refused as robfig
// refuses them.

import { Cron } from 'croner';
import { parseDuration } from '../../sim/index.js';
import type { Schedule } from './policy/cronjob.js';
import { BoundedMemo } from '../api/policy/bounded-memo.js';

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
interface Bounds { min: number; max: number; names?: readonly string[]; base?: number }
/** minute, hour, day of month, month (names from 1), day of week (names from 0). */
const BOUNDS: readonly Bounds[] = [
  { min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, base: 1 }, { min: 0, max: 6, names: DAYS, base: 0 },
];

const atoi = (s: string): number | string => {
  if (!/^[+-]?\d+$/.test(s)) return `failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = Number(s);
  return n < 0 ? `negative number (${n}) not allowed: ${s}` : n;
};

/** robfig's getRange checks of one comma-separated part of a field, with its error texts. */
function rangeError(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowHigh = rangeAndStep[0]!.split('-');
  const named = (s: string): number | string => {
    const i = b.names?.indexOf(s.toLowerCase()) ?? -1;
    return i >= 0 ? i + (b.base ?? 0) : atoi(s);
  };
  let start: number;
  let end: number;
  if (lowHigh[0] === '*' || lowHigh[0] === '?') {
    start = b.min;
    end = b.max;
  } else {
    const s0 = named(lowHigh[0]!);
    if (typeof s0 === 'string') return s0;
    start = s0;
    if (lowHigh.length === 1) end = start;
    else if (lowHigh.length === 2) {
      const e0 = named(lowHigh[1]!);
      if (typeof e0 === 'string') return e0;
      end = e0;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const st = atoi(rangeAndStep[1]!);
    if (typeof st === 'string') return st;
    step = st;
    if (lowHigh.length === 1) end = b.max; // "N/step" is "N-max/step"
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

/** Is this an IANA zone the runtime knows ("UTC", "Europe/Berlin")? Go's time.LoadLocation error text otherwise. */
export function timeZoneError(tz: string): string | undefined {
  if (tz === '' || tz === 'Local') return `unknown time zone ${tz}`;
  // Building an Intl formatter is costly and a CronJob's zone is checked on every sync.
  let known = zones.get(tz);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      known = true;
    } catch {
      known = false;
    }
    zones.set(tz, known);
  }
  return known ? undefined : `unknown time zone ${tz}`;
}

/** Zone names and schedules already read: both are pure functions of their text. */
const zones = new Map<string, boolean>();
const schedules = new Map<string, ParsedSchedule>();

export type ParsedSchedule = { schedule: Schedule } | { error: string };

/** cron.ParseStandard(spec), with `timeZone` (spec.timeZone) standing for a TZ= prefix. */
export function parseSchedule(spec: string, timeZone?: string): ParsedSchedule {
  const key = `${timeZone ?? ''}\u0000${spec}`;
  let parsed = schedules.get(key);
  if (parsed === undefined) schedules.set(key, (parsed = parseUncached(spec, timeZone)));
  return parsed;
}

function parseUncached(spec: string, timeZone: string | undefined): ParsedSchedule {
  let text = spec.trim();
  if (text === '') return { error: 'empty spec string' };
  let tz = timeZone ?? 'UTC';
  const m = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(text);
  if (m) {
    tz = m[1]!;
    text = m[2]!.trim();
  }
  const tzErr = timeZoneError(tz);
  if (tzErr) return { error: `provided bad location ${tz}: ${tzErr}` };
  if (text.startsWith('@every ')) {
    let delay: number;
    try {
      delay = parseDuration(text.slice('@every '.length).trim());
    } catch {
      return { error: `failed to parse duration ${text}: time: invalid duration "${text.slice('@every '.length).trim()}"` };
    }
    // ConstantDelaySchedule: at least 1 s, whole seconds, from the start of the current second.
    const step = Math.max(1000, delay - (delay % 1000));
    return { schedule: { next: (t) => Math.floor(t / 1000) * 1000 + step } };
  }
  if (text.startsWith('@')) {
    const d = DESCRIPTORS[text];
    if (!d) return { error: `unrecognized descriptor: ${text}` };
    text = d;
  }
  const fields = text.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) return { error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]` };
  for (let i = 0; i < 5; i++) {
    const parts = fields[i]!.split(',');
    for (const expr of parts) {
      const e = rangeError(expr, BOUNDS[i]!);
      if (e) return { error: e };
    }
    // Spell robfig's readings the way croner takes them: "?" is "*", "N/step" is "N-max/step".
    fields[i] = parts
      .map((p) => p.replace(/^\?/, '*'))
      .map((p) => (/^[^*\-/]+\/\d+$/.test(p) ? p.replace('/', `-${BOUNDS[i]!.max}/`) : p))
      .join(',');
  }
  let cron: Cron;
  try {
    // UTC by offset: croner's zone conversion goes through Intl on every step, and UTC needs none.
    const utc = tz === 'UTC' || tz === 'Etc/UTC';
    cron = new Cron(fields.join(' '), utc ? { utcOffset: 0, paused: true } : { timezone: tz, paused: true });
  } catch (e) {
    return { error: (e as Error).message };
  }
  // A sync asks for the same few activations several times (t1, t2, the walk, the requeue).
  const memo = new BoundedMemo<number, number | undefined>(64);
  return {
    schedule: {
      next: (t) =>
        memo.get(t, () => {
          // The Date only carries a virtual instant (ms since the epoch); no clock is read.
          const d = cron.nextRun(new Date(t)); // wall-clock ok
          return d ? d.getTime() : undefined;
        }),
    },
  };
}
