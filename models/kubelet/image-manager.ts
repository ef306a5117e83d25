// The kubelet's image manager and serialized puller for every node: which images a node has,
// one pull at a time per node (serializeImagePulls: true), pulls of an image already queued on
// the node only paying the manifest check (the layers come with the first pull: containerd
// shares content), the per pod+image pull back-off, and the registry that says which images
// do not exist. Decisions are the pure functions of ./policy/image-pull.ts.

import type { Millis } from '../../sim/index.js';
import { nextBackoff, type BackoffConfig, type BackoffEntry } from '../api/policy/flowcontrol-backoff.js';
import { DEFAULT_IMAGE_BACKOFF, ensureImageDecision, imageKey, type PullDecision, type PullPolicy } from './policy/image-pull.js';

/** Which images the registry can serve; default: every image exists. */
export interface RegistrySpec {
  /** Image references that fail to pull with NotFound (normalised: "nginx" = "docker.io/library/nginx:latest"). */
  missingImages?: readonly string[];
}

interface NodeImages {
  /** Images whose pull has completed on the node. */
  present: Set<string>;
  /**
   * Images with a successful pull queued or done on the node: a later pull of one only checks
   * the manifest. A pull abandoned by its pod still brings the layers (the puller does not
   * abort it), so it counts here all the same.
   */
  coming: Set<string>;
  /** The serialized puller is busy until then. */
  freeAt: Millis;
}

/** A pull the puller has taken on: when it begins and ends, and whether it fails. */
export interface PullPlan {
  key: string;
  beginsAt: Millis;
  endsAt: Millis;
  fails: boolean;
  /** Layers come with another pull of this image (already on the node or queued before). */
  shared: boolean;
}

export class ImageManager {
  private readonly nodes = new Map<string, NodeImages>();
  private readonly backoff = new Map<string, BackoffEntry>();
  private readonly missing: Set<string>;

  constructor(registry: RegistrySpec = {}, private readonly cfg: BackoffConfig = DEFAULT_IMAGE_BACKOFF) {
    this.missing = new Set((registry.missingImages ?? []).map(imageKey));
  }

  addNode(name: string): void {
    this.nodes.set(name, { present: new Set(), coming: new Set(), freeAt: 0 });
  }

  removeNode(name: string): void {
    this.nodes.delete(name);
  }

  /** The node came back: pulls under way were lost with it; images already there stay. */
  nodeRestarted(name: string, now: Millis): void {
    const n = this.nodes.get(name);
    if (!n) return;
    n.freeAt = now;
    n.coming = new Set(n.present);
  }

  has(node: string, image: string): boolean {
    return this.nodes.get(node)?.present.has(imageKey(image)) ?? false;
  }

  /** EnsureImageExists for one container at one pod sync. */
  decide(node: string, podUid: string, image: string, policy: PullPolicy, now: Millis): PullDecision {
    const key = imageKey(image);
    const present = this.nodes.get(node)?.present.has(key) ?? false;
    // The pod+image key string only when some pull has failed (pulls that fail are rare).
    const entry = this.backoff.size === 0 ? undefined : this.backoff.get(`${podUid}_${key}`);
    return ensureImageDecision(policy, present, entry, now, this.cfg);
  }

  /**
   * Queue a pull on the node's serialized puller. `duration(true)` is a pull whose layers are
   * there already, or a lookup the registry refuses (the manifest check only);
   * `duration(false)` a full pull of an image not on the node. `arg` is handed to `duration`,
   * so a caller can pass one fixed function rather than a closure per pull.
   */
  enqueue<A>(node: string, image: string, now: Millis, duration: (checkOnly: boolean, arg: A) => Millis, arg: A): PullPlan {
    const n = this.nodes.get(node)!;
    const key = imageKey(image);
    const fails = this.missing.has(key);
    const shared = n.coming.has(key);
    const beginsAt = Math.max(now, n.freeAt);
    const endsAt = beginsAt + duration(fails || shared, arg);
    n.freeAt = endsAt;
    if (!fails) n.coming.add(key);
    return { key, beginsAt, endsAt, fails, shared };
  }

  /** A successful pull ended: the image is on the node. */
  pulled(node: string, plan: PullPlan): void {
    this.nodes.get(node)?.present.add(plan.key);
  }

  /** The image is on the node already (a snapshot pod found running there). */
  markPresent(node: string, image: string): void {
    const n = this.nodes.get(node);
    if (!n) return;
    n.present.add(imageKey(image));
    n.coming.add(imageKey(image));
  }

  /** A pull failed at `now`: flowcontrol Backoff.Next on the pod+image key. */
  pullFailed(podUid: string, plan: PullPlan, now: Millis): void {
    const k = `${podUid}_${plan.key}`;
    this.backoff.set(k, nextBackoff(this.backoff.get(k), now, now, this.cfg));
  }

  /** The pod is gone from the node: drop its back-off entries. */
  forgetPod(podUid: string, images: readonly string[]): void {
    if (this.backoff.size === 0) return;
    for (const i of images) this.backoff.delete(`${podUid}_${imageKey(i)}`);
  }
}
