// Output folders are written to a temporary sibling folder and renamed into place at the
// end, so a failed run never leaves a half-written folder, and a previous run's folder is
// replaced only once the new one is complete. A folder we did not write (no marker file)
// is never replaced: nothing a user gave us is lost.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const MARKER = '.k8sim-output';

export class OutputDirError extends Error {}

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
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    this.tmp = fs.mkdtempSync(path.join(path.dirname(abs), `.${path.basename(abs)}.k8sim-tmp-`));
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
