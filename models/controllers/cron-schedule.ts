// CronJob schedules as robfig/cron's ParseStandard reads them (what kube-controller-manager
// uses): five fields (minute hour day-of-month month day-of-week; names, ranges, steps, `?`,
// day-of-month OR day-of-week when both are restricted), the descriptors @yearly/@annually,
// @monthly, @weekly, @daily/@midnight, @hourly, `@every <duration>`, and a `TZ=`/`CRON_TZ=`
// prefix; evaluated in an IANA time zone (default UTC, the simulated controller manager's). The
// field arithmetic is croner's; this module only holds robfig's grammar around it. croner's own
// extensions (a seconds field, L, W, #) are refused as robfig refuses them.

import { Cron } from 'croner';
import { parseDuration } from '../../sim/index.js';
import type { Schedule } from './policy/cronjob.js';

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Is this an IANA zone the runtime knows ("UTC", "Europe/Berlin")? Go's time.LoadLocation error text otherwise. */
export function timeZoneError(tz: string): string | undefined {
  if (tz === '' || tz === 'Local') return `unknown time zone ${tz}`;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return undefined;
  } catch {
    return `unknown time zone ${tz}`;
  }
}

export type ParsedSchedule = { schedule: Schedule } | { error: string };

/** cron.ParseStandard(spec), with `timeZone` (spec.timeZone) standing for a TZ= prefix. */
export function parseSchedule(spec: string, timeZone?: string): ParsedSchedule {
  let text = spec.trim();
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
  const odd = fields.find((f) => /[LW#]/i.test(f.replace(/[A-Za-z]{3}/g, (w) => (/^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i.test(w) ? '' : w))));
  if (odd !== undefined) return { error: `failed to parse int from ${odd}: strconv.Atoi: parsing "${odd}": invalid syntax` };
  let cron: Cron;
  try {
    cron = new Cron(fields.join(' '), { timezone: tz, paused: true });
  } catch (e) {
    return { error: (e as Error).message };
  }
  return {
    schedule: {
      next: (t) => {
        // The Date only carries a virtual instant (ms since the epoch); no clock is read.
        const d = cron.nextRun(new Date(t)); // wall-clock ok
        return d ? d.getTime() : undefined;
      },
    },
  };
}
