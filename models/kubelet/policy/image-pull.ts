// Image pulls as the kubelet's image manager decides them (pkg/kubelet/images/image_manager.go
// EnsureImageExists): the pull policy against what the node has, the per pod+image back-off
// (client-go flowcontrol.Backoff, 10s doubling to 300s, the kubelet's imageBackOff), and the
// image names normalised as pkg/util/parsers ParseImageName does (docker reference rules), so
// "nginx", "nginx:latest" and "docker.io/library/nginx:latest" are one image on a node.

import { isInBackOffSinceUpdate, type BackoffConfig, type BackoffEntry } from '../../api/policy/flowcontrol-backoff.js';
import { BoundedMemo } from '../../api/policy/bounded-memo.js';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** The kubelet's imageBackOff: flowcontrol.NewBackOff(backOffPeriod 10s, MaxContainerBackOff 300s). */
export const DEFAULT_IMAGE_BACKOFF: BackoffConfig = { initialMs: 10_000, maxMs: 300_000 };

/** The pod worker requeues a pod whose sync failed after wait.Jitter(backOffPeriod 10s, 0.5). */
export const POD_WORKER_BACKOFF_MS = 10_000;
export const POD_WORKER_BACKOFF_JITTER = 0.5;

/** wait.Jitter(d, f) = d + u·f·d for a uniform draw u in [0, 1). */
export function podWorkerRetryDelay(u: number): number {
  return Math.round(POD_WORKER_BACKOFF_MS + u * POD_WORKER_BACKOFF_JITTER * POD_WORKER_BACKOFF_MS);
}

export interface ParsedImage {
  repo: string;
  tag: string;
  digest: string;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/**
 * ParseImageName: repository normalised with the default domain (docker.io) and the library/
 * namespace for one-component names, tag "latest" when neither tag nor digest is given.
 * Throws with docker's wording for what the reference grammar refuses.
 */
export function parseImageName(image: string): ParsedImage {
  if (/^[a-f0-9]{64}$/.test(image)) throw new Error(`invalid repository name (${image}), cannot specify 64-byte hexadecimal strings`);
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new Error('invalid reference format');
  }
  let tag = '';
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new Error('invalid reference format');
  }
  if (rest === '') throw new Error('invalid reference format');
  const parts = rest.split('/');
  let domain = 'docker.io';
  const first = parts[0]!;
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    domain = first;
    parts.shift();
    if (!DOMAIN.test(domain)) throw new Error('invalid reference format');
  } else if (parts.length === 1) {
    parts.unshift('library');
  }
  for (const p of parts) {
    if (p !== p.toLowerCase() && PATH_COMPONENT.test(p.toLowerCase())) throw new Error('invalid reference format: repository name must be lowercase');
    if (!PATH_COMPONENT.test(p)) throw new Error('invalid reference format');
  }
  if (tag === '' && digest === '') tag = 'latest';
  return { repo: `${domain}/${parts.join('/')}`, tag, digest };
}

/**
 * The identity of an image on a node: repo@digest when pinned by digest, else repo:tag.
 * A reference that does not parse stays as written (it can only ever fail to pull).
 */
export function imageKey(image: string): string {
  return imageKeys.get(image, computeImageKey);
}

function computeImageKey(image: string): string {
  try {
    const p = parseImageName(image);
    return p.digest ? `${p.repo}@${p.digest}` : `${p.repo}:${p.tag}`;
  } catch {
    return image;
  }
}

/**
 * imageKey is pure and a cluster spells a few hundred images for 150,000 pods (each pod's pull
 * asked it through the regexes): results kept, cleared when full so memory stays flat.
 */
const imageKeys = new BoundedMemo<string, string>(4096);

/** shouldPullImage: Never never pulls, Always always does, IfNotPresent when absent. */
export function shouldPullImage(policy: PullPolicy, present: boolean): boolean {
  if (policy === 'Never') return false;
  if (policy === 'Always') return true;
  return !present;
}

/** What EnsureImageExists does for one container at one sync. */
export type PullDecision = 'present' | 'never-pull' | 'backoff' | 'pull';

export function ensureImageDecision(policy: PullPolicy, present: boolean, entry: BackoffEntry | undefined, now: number, cfg: BackoffConfig = DEFAULT_IMAGE_BACKOFF): PullDecision {
  if (!shouldPullImage(policy, present)) return present ? 'present' : 'never-pull';
  if (isInBackOffSinceUpdate(entry, now, cfg.maxMs)) return 'backoff';
  return 'pull';
}

/** The pull's error as containerd reports a reference the registry does not have. */
export function imageNotFoundMessage(image: string): string {
  const ref = imageKey(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}

/** Event and status texts of the image manager. */
export const pullMessages = {
  pulling: (image: string) => `Pulling image "${image}"`,
  alreadyPresent: (image: string) => `Container image "${image}" already present on machine`,
  neverPull: (image: string) => `Container image "${image}" is not present with pull policy of Never`,
  backOff: (image: string) => `Back-off pulling image "${image}"`,
  failed: (image: string, err: string) => `Failed to pull image "${image}": ${err}`,
};
