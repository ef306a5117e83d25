// One cell of a trace file to a number: times in the trace's unit, CPU and memory in their
// units. Each returns a number or an error message naming what was wrong.
import { parseQuantity } from '../../models/api/policy/quantity.js';

export type CpuUnit = 'cores' | 'm';
export type MemoryUnit = 'bytes' | 'Ki' | 'Mi' | 'Gi';
export type TimeUnit = 'ms' | 's' | 'm' | 'h';

export const TIME_UNIT_MS: Readonly<Record<TimeUnit, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const MEMORY_UNIT: Readonly<Record<Exclude<MemoryUnit, 'bytes'>, number>> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };

/** A plain decimal number ("12", "-3.5", "1e3"); NaN and Infinity are not numbers here. */
export function plainNumber(text: string): number | undefined {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** A time cell in `unit` → integer milliseconds. */
export function timeCell(text: string, unit: TimeUnit): number | string {
  const n = plainNumber(text);
  if (n === undefined) return `${JSON.stringify(text)} is not a number of ${unit === 'ms' ? 'milliseconds' : unit === 's' ? 'seconds' : unit === 'm' ? 'minutes' : 'hours'}`;
  return Math.round(n * TIME_UNIT_MS[unit]);
}

/** A CPU cell → millicores. */
export function cpuCell(text: string, unit: CpuUnit): number | string {
  if (unit === 'm') {
    const n = plainNumber(text);
    if (n === undefined || n < 0) return `${JSON.stringify(text)} is not a number of millicores`;
    return Math.ceil(n);
  }
  try {
    const q = parseQuantity(text);
    const m = q.toMilli();
    return m < 0 ? `${JSON.stringify(text)} is negative` : m;
  } catch {
    return `${JSON.stringify(text)} is not a CPU quantity (e.g. "2" or "500m"; set units.cpu: m for millicores)`;
  }
}

/** A memory cell → bytes. */
export function memoryCell(text: string, unit: MemoryUnit): number | string {
  if (unit !== 'bytes') {
    const n = plainNumber(text);
    if (n === undefined || n < 0) return `${JSON.stringify(text)} is not a number of ${unit}`;
    return Math.ceil(n * MEMORY_UNIT[unit]);
  }
  try {
    const v = parseQuantity(text).toNumber();
    return v < 0 ? `${JSON.stringify(text)} is negative` : Math.ceil(v);
  } catch {
    return `${JSON.stringify(text)} is not a memory quantity (e.g. "512Mi"; set units.memory: Mi for a number of MiB)`;
  }
}

/** An extended-resource cell → a whole count. */
export function countCell(text: string): number | string {
  const n = plainNumber(text);
  if (n === undefined || n < 0 || !Number.isInteger(n)) return `${JSON.stringify(text)} is not a whole number`;
  return n;
}

/**
 * A trace's identifier as an object name: lower-cased, every character a name may not hold
 * ('_', ' ', '/' …) turned into '-', trimmed to start and end with a letter or digit
 * ("instance_7" → "instance-7"). undefined when nothing is left.
 */
export function objectName(text: string): string | undefined {
  const s = text.toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+/, '').replace(/[^a-z0-9]+$/, '').slice(0, 253);
  return s === '' ? undefined : s.replace(/[^a-z0-9]+$/, '');
}
