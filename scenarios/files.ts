// Scenario paths as `kubectl apply -f PATH [-R]` reads them: a file is read whatever its name; a
// folder gives its files ending in .json, .yaml or .yml (case matters, as in kubectl), in the
// order Go's filepath.Walk visits them (names sorted byte-wise, a subfolder's files where the
// subfolder's name sorts); subfolders only with -R (recursive). Symbolic links are not followed
// into folders, as Walk does not follow them.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioError } from './errors.js';

/** kubectl's FileExtensions (k8s.io/cli-runtime resource.FileExtensions). */
export const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

function hasManifestExtension(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot >= 0 && (MANIFEST_EXTENSIONS as readonly string[]).includes(name.slice(dot));
}

/** Byte-wise order of names, as Go's sort.Strings (not the locale's). */
function byteOrder(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

function walk(dir: string, recursive: boolean, out: string[]): void {
  for (const name of readdirSync(dir).sort(byteOrder)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory()) {
      if (recursive) walk(path, recursive, out);
    } else if (hasManifestExtension(name)) {
      out.push(path);
    }
  }
}

/**
 * The files to read for `paths`, in kubectl's order.
 * @throws ScenarioError for a path that does not exist or a folder with no manifest files
 */
export function expandScenarioPaths(paths: readonly string[], recursive = false): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ScenarioError(p, 1, 1, [], code === 'ENOENT' ? `the path ${JSON.stringify(p)} does not exist` : `the path ${JSON.stringify(p)} cannot be accessed (${code ?? 'error'})`);
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const found: string[] = [];
    walk(p, recursive, found);
    if (found.length === 0) {
      const hint = recursive ? '' : ' (subfolders are read with -R)';
      throw new ScenarioError(p, 1, 1, [], `no manifest files in this folder: recognized file extensions are ${MANIFEST_EXTENSIONS.join(' ')}${hint}`);
    }
    out.push(...found);
  }
  return out;
}
