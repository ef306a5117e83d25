// What a busybox container's command does, for the book's Jobs: `/bin/sh -c "echo …; sleep 5;
// exit 1"` and friends are read from the manifest itself into steps (sleep, a status, exit)
// joined by ; && ||, and run to a duration and an exit code. Pure; the random source is injected.

export type SleepSpec = { fixed: number } | { uniformInt: [number, number] };
/** How a step joins the previous one (the first step's join is ';'). */
export type Join = ';' | '&&' | '||';
/**
 * One simple command: `sleep` (seconds), `status` (a command that finishes at once with that
 * code: echo/true/false/:), or `exit` (ends the script; 'last' = the previous status).
 */
export type BusyboxStep = ({ sleep: SleepSpec } | { status: number } | { exit: number | 'last' }) & { join: Join };
export interface BusyboxPlan { steps: BusyboxStep[] }

const SHELLS = new Set(['sh', '/bin/sh', 'bash', '/bin/bash', '/bin/ash', 'ash']);

/** Split a script into simple commands at ; && || and newlines, outside quotes and $( ). */
function splitScript(script: string): Array<{ join: Join; text: string }> | undefined {
  const out: Array<{ join: Join; text: string }> = [];
  let cur = '', quote: string | null = null, depth = 0, join: Join = ';';
  const push = (next: Join) => { out.push({ join, text: cur.trim() }); cur = ''; join = next; };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote) { if (c === quote) quote = null; cur += c; continue; }
    if (c === "'" || c === '"') { quote = c; cur += c; continue; }
    if (c === '$' && script[i + 1] === '(') { depth++; cur += '$('; i++; continue; }
    if (c === ')' && depth > 0) { depth--; cur += c; continue; }
    if (depth === 0) {
      if (c === ';' || c === '\n') { push(';'); continue; }
      if (c === '&' && script[i + 1] === '&') { push('&&'); i++; continue; }
      if (c === '|' && script[i + 1] === '|') { push('||'); i++; continue; }
      if (c === '&' || c === '|') return undefined; // background jobs and pipes: not modelled
    }
    cur += c;
  }
  if (quote || depth > 0) return undefined;
  push(';');
  // Empty commands (trailing ';') are dropped; an empty command after && / || is a syntax error.
  const cmds = out.filter((c) => c.text !== '' || c.join !== ';');
  if (cmds.some((c) => c.text === '')) return undefined;
  return cmds;
}

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

function parseCommand(text: string): BusyboxStep | undefined {
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^sleep\s+(\d+(?:\.\d+)?)([smhd]?)$/.exec(t))) return { sleep: { fixed: Number(m[1]) * UNIT[m[2]!]! }, join: ';' };
  if ((m = /^sleep\s+["']?\$\(\s*shuf\s+-i\s*(\d+)-(\d+)\s+-n\s*1\s*\)["']?$/.exec(t)) ||
      (m = /^sleep\s+["']?\$\(\s*shuf\s+-n\s*1\s+-i\s*(\d+)-(\d+)\s*\)["']?$/.exec(t))) {
    const a = Number(m[1]), b = Number(m[2]);
    return a <= b ? { sleep: { uniformInt: [a, b] }, join: ';' } : undefined;
  }
  if ((m = /^exit(?:\s+(\d+))?$/.exec(t))) return { exit: m[1] === undefined ? 'last' : Number(m[1]) % 256, join: ';' };
  if (t === 'true' || t === ':') return { status: 0, join: ';' };
  if (t === 'false') return { status: 1, join: ';' };
  if (/^echo(\s|$)/.test(t) && !/\$\(|`/.test(t)) return { status: 0, join: ';' };
  return undefined;
}

/**
 * Understand a busybox container's command/args: `["/bin/sh","-c", script]`, `["/bin/sh","-c"]`
 * + `[script]`, or a direct exec (`["echo","hi"]`, `["sleep","5"]`). Scripts may use echo, sleep N,
 * sleep $(shuf -i A-B -n 1), exit N, true, false joined by ; && || and newlines. Anything else →
 * undefined (the caller falls back to its behaviour model).
 */
export function parseBusyboxScript(command: string[] | undefined, args: string[] | undefined): BusyboxPlan | undefined {
  const argv = [...(command ?? []), ...(args ?? [])];
  if (argv.length === 0) return undefined;
  let script: string;
  if (SHELLS.has(argv[0]!)) {
    if (argv[1] !== '-c' || argv.length < 3) return undefined;
    script = argv[2]!;
  } else {
    // Direct exec: re-quote arguments so the command parser sees one simple command.
    if (argv.some((a) => /[;&|\n]/.test(a)) && argv[0] !== 'echo') return undefined;
    if (argv[0] === 'echo') return { steps: [{ status: 0, join: ';' }] };
    script = argv.join(' ');
  }
  const parts = splitScript(script);
  if (!parts || parts.length === 0) return undefined;
  const steps: BusyboxStep[] = [];
  for (const p of parts) {
    const s = parseCommand(p.text);
    if (!s) return undefined;
    steps.push({ ...s, join: p.join });
  }
  return { steps };
}

/**
 * Run a plan: `randInt(a, b)` draws an integer in [a, b]. `&&` skips a command after a non-zero
 * status, `||` after a zero status, `;` always runs; the result is the last status (or exit's code).
 */
export function runBusyboxPlan(plan: BusyboxPlan, randInt: (a: number, b: number) => number): { durationMs: number; exitCode: number } {
  let t = 0, last = 0;
  for (let i = 0; i < plan.steps.length; i++) {
    const s = plan.steps[i]!;
    if (i > 0 && ((s.join === '&&' && last !== 0) || (s.join === '||' && last === 0))) continue;
    if ('sleep' in s) {
      const secs = 'fixed' in s.sleep ? s.sleep.fixed : randInt(s.sleep.uniformInt[0], s.sleep.uniformInt[1]);
      t += Math.round(secs * 1000);
      last = 0;
    } else if ('status' in s) last = s.status;
    else return { durationMs: t, exitCode: s.exit === 'last' ? last : s.exit };
  }
  return { durationMs: t, exitCode: last };
}
