// Output folders are written to a temporary sibling folder and renamed into place at the
// end, so a failed run never leaves a half-written folder, and a previous run's folder is
// replaced only once the new one is complete. A folder we did not write (no marker file)
// is never replaced: nothing a user gave us is lost.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const MARKER = '.k8sim-output';

export class OutputDirError extends Error {}

/**
 * `mkdir -p`, one level at a time from the nearest existing ancestor. Node's own
 * `mkdirSync(…, { recursive: true })` never returns under /proc (it retries forever), and a
 * user's typo must fail, not hang.
 */
export function makeParents(dir: string): void {
  const missing: string[] = [];
  let d = path.resolve(dir);
  while (!fs.existsSync(d)) {
    missing.push(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing.reverse()) fs.mkdirSync(m);
}

/** `.out.k8sim-tmp-`: the temporary sibling of `out`, followed by the writing process's id. */
function tempPrefix(abs: string): string {
  return `.${path.basename(abs)}.k8sim-tmp-`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary folders beside `abs` left by a k8sim process that is gone (killed by Ctrl-C
 * or SIGTERM mid-run: a run is one synchronous loop, so Node never gets to run a signal handler;
 * the next run into the same --out cleans up instead). Folders of live processes are left alone.
 */
export function removeStaleTemps(abs: string): void {
  const prefix = tempPrefix(abs);
  let entries: string[];
  try {
    entries = fs.readdirSync(path.dirname(abs));
  } catch {
    return;
  }
  for (const e of entries) {
    if (!e.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(e.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) {
      fs.rmSync(path.join(path.dirname(abs), e), { recursive: true, force: true });
    }
  }
}

export class OutputDir {
  readonly tmp: string;
  private committed = false;

  constructor(readonly target: string) {
    const abs = path.resolve(target);
    if (fs.existsSync(abs)) {
      const st = fs.statSync(abs);
      if (!st.isDirectory()) throw new OutputDirError(`--out ${target}: exists and is not a folder`);
      const entries = fs.readdirSync(abs);
      if (entries.length > 0 && !entries.includes(MARKER)) {
        throw new OutputDirError(`--out ${target}: folder exists and was not written by k8sim; refusing to replace it`);
      }
    }
    try {
      makeParents(path.dirname(abs));
      removeStaleTemps(abs);
      this.tmp = fs.mkdtempSync(path.join(path.dirname(abs), `${tempPrefix(abs)}${process.pid}-`));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      throw new OutputDirError(`--out ${target}: cannot create a folder beside it (${code})`);
    }
    fs.writeFileSync(path.join(this.tmp, MARKER), 'written by k8sim\n');
  }

  file(name: string): string {
    return path.join(this.tmp, name);
  }

  /** Move the finished folder into place (replacing an earlier k8sim output). */
  commit(): void {
    if (this.committed) return;
    const abs = path.resolve(this.target);
    let trash: string | undefined;
    if (fs.existsSync(abs)) {
      trash = `${this.tmp}.old`;
      fs.renameSync(abs, trash);
    }
    fs.renameSync(this.tmp, abs);
    this.committed = true;
    if (trash) fs.rmSync(trash, { recursive: true, force: true });
  }

  /** Remove the temporary folder (on failure). */
  abort(): void {
    if (this.committed) return;
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}
