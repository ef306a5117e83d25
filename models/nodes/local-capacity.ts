// A node's local filesystems and pid limit, as the kubelet's stats summary reports them to the
// eviction manager: nodefs is the root filesystem (the node's ephemeral-storage capacity), an
// optional dedicated imagefs, and kernel.pid_max. Defaults in models/kubelet/policy/eviction.ts.

import type { Node } from '../api/types.js';
import type { LocalCapacity } from '../kubelet/eviction-manager.js';
import { DEFAULT_PID_MAX, defaultInodes } from '../kubelet/policy/eviction.js';
import { DEFAULT_NODE_EPHEMERAL_STORAGE, type NodePoolSpec } from './pools.js';

export function localCapacity(node: Node, pool: NodePoolSpec | undefined): LocalCapacity {
  const nodefsBytes = node.status.capacity['ephemeral-storage'] ?? DEFAULT_NODE_EPHEMERAL_STORAGE;
  const out: LocalCapacity = {
    nodefsBytes,
    nodefsInodes: pool?.inodes ?? defaultInodes(nodefsBytes),
    pidMax: pool?.pidMax ?? DEFAULT_PID_MAX,
  };
  if (pool?.imagefs) out.imagefs = { bytes: pool.imagefs.bytes, inodes: pool.imagefs.inodes ?? defaultInodes(pool.imagefs.bytes) };
  return out;
}
