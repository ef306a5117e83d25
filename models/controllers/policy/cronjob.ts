// The CronJob controller's time math and naming (pkg/controller/cronjob/utils.go), over a
// schedule given as a `next` function so that the cron parser stays outside policy. Times are
// virtual milliseconds; virtual 0 is the Unix epoch (1970-01-01T00:00:00Z).

/** A parsed schedule: the first activation strictly after `t`, or undefined if there is none. */
export interface Schedule {
  next(t: number): number | undefined;
}

/** How many activations were missed since the last one (utils.go missedSchedulesType). */
export type MissedSchedules = 'none' | 'few' | 'many';

/** controller's requeue margin past the activation (nextScheduleDelta). */
export const NEXT_SCHEDULE_DELTA_MS = 100;

/** More missed activations than this raise TooManyMissedTimes. */
export const MANY_MISSED = 100;

export interface CronTimes {
  creationTimestamp: number;
  lastScheduleTime: number | undefined;
  startingDeadlineSeconds: number | undefined;
}

export interface MostRecent {
  earliest: number;
  mostRecent: number | undefined;
  missed: MissedSchedules;
  error?: string;
}

/**
 * mostRecentScheduleTime: from the last schedule time (else the creation time, moved up to
 * now − startingDeadlineSeconds when asked), the latest activation at or before `now` (the
 * rough count of missed activations that upstream computes from the first two activations'
 * spacing, then an exact walk over the last ones).
 */
export function mostRecentScheduleTime(cj: CronTimes, now: number, schedule: Schedule, includeStartingDeadline: boolean): MostRecent {
  let earliest = cj.lastScheduleTime ?? cj.creationTimestamp;
  if (includeStartingDeadline && cj.startingDeadlineSeconds !== undefined) {
    const deadline = now - cj.startingDeadlineSeconds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = schedule.next(earliest);
  if (t1 === undefined || now < t1) return { earliest, mostRecent: undefined, missed: 'none' };
  const t2 = schedule.next(t1);
  if (t2 === undefined || now < t2) return { earliest, mostRecent: t1, missed: 'few' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, mostRecent: undefined, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  const elapsed = Math.trunc((now - t1) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  let mostRecent: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= now; t = schedule.next(t)) mostRecent = t;
  const missed: MissedSchedules = missedCount > MANY_MISSED ? 'many' : 'few';
  return { earliest, mostRecent, missed };
}

/** nextScheduleTime: the activation to act on now (undefined = none is due). */
export function nextScheduleTime(cj: CronTimes, now: number, schedule: Schedule): MostRecent {
  const r = mostRecentScheduleTime(cj, now, schedule, true);
  if (r.mostRecent === undefined || r.mostRecent > now) return { ...r, mostRecent: undefined };
  return r;
}

/** nextScheduleTimeDuration: how long until the controller should look again. */
export function nextScheduleDelay(cj: CronTimes, now: number, schedule: Schedule): number | undefined {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  let from: number;
  if (r.error !== undefined) from = now;
  else if (r.mostRecent === undefined) from = r.missed === 'none' ? r.earliest : now;
  else from = r.mostRecent;
  const next = schedule.next(from);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}

/** getJobName: the CronJob's name and the scheduled time in minutes since the epoch. */
export function cronJobName(cronJobName: string, scheduledTime: number): string {
  return `${cronJobName}-${Math.floor(scheduledTime / 60_000)}`;
}

export interface HistoryJob {
  name: string;
  startTime: number | undefined;
}

/**
 * removeOldestJobs: which finished Jobs go when there are more than `limit`, oldest start
 * first (byJobStartTime: a Job without a start time sorts last; equal times by name).
 */
export function jobsOverLimit<T extends HistoryJob>(jobs: readonly T[], limit: number): T[] {
  const n = jobs.length - limit;
  if (n <= 0) return [];
  const sorted = [...jobs].sort((a, b) => {
    if (b.startTime === undefined) return a.startTime !== undefined ? -1 : 0;
    if (a.startTime === undefined) return 1;
    if (a.startTime === b.startTime) return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    return a.startTime - b.startTime;
  });
  return sorted.slice(0, n);
}

/** time.RFC1123Z of a UTC instant, as MissSchedule events print it: "Thu, 01 Jan 1970 00:05:00 +0000". */
export function rfc1123z(ms: number): string {
  const d = new Date(ms); // wall-clock ok
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
