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
      this.tmp = fs.mkdtempSync(path.join(path.dirname(abs), `.${path.basename(abs)}.k8sim-tmp-`));
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
