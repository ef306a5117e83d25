// Timeline node and zone commands (kubectl cordon/uncordon/drain/taint, and the simulator's
// node fail/recover/add/remove/flap and zone fail/recover) carried out by ClusterModel.nodes.

import type { ClusterModel } from '../models/cluster.js';
import { requirementsMatch } from '../models/api/policy/selector-string.js';
import { ZONE_LABEL } from '../models/api/well-known-labels.js';
import type { Node, Taint } from '../models/api/types.js';
import type {
  CordonCommand,
  DrainCommand,
  NodeActionCommand,
  NodeAddCommand,
  NodeFlapCommand,
  NodeTarget,
  TaintCommand,
  ZoneCommand,
} from '../scenarios/kubectl/types.js';

export type NodeCommand =
  | CordonCommand
  | DrainCommand
  | TaintCommand
  | NodeActionCommand
  | NodeAddCommand
  | NodeFlapCommand
  | ZoneCommand;

interface Flap {
  model: ClusterModel;
  node: string;
  down: number;
  up: number;
  left: number;
}

const flapDown = (f: Flap) => {
  f.model.nodes.fail(f.node);
  f.model.sim.after(f.down, flapUp, f);
};
const flapUp = (f: Flap) => {
  f.model.nodes.recover(f.node);
  if (--f.left > 0) f.model.sim.after(f.up, flapDown, f);
};

function nodesOf(model: ClusterModel, target: NodeTarget, fail: (m: string) => Error): Node[] {
  if (target.by === 'name') {
    return target.names.map((n) => {
      const node = model.store.get<Node>('Node', undefined, n);
      if (!node) throw fail(`Error from server (NotFound): nodes "${n}" not found`);
      return node;
    });
  }
  const all = [...model.store.list<Node>('Node')];
  const out = target.by === 'all' ? all : all.filter((n) => requirementsMatch(target.selector, n.metadata.labels ?? {}));
  if (out.length === 0) throw fail('No resources found');
  return out;
}

function zoneNodes(model: ClusterModel, zone: string, fail: (m: string) => Error): Node[] {
  const out = [...model.store.list<Node>('Node')].filter((n) => n.metadata.labels?.[ZONE_LABEL] === zone);
  if (out.length === 0) throw fail(`error: no nodes in zone "${zone}" (label ${ZONE_LABEL})`);
  return out;
}

function existing(model: ClusterModel, name: string, fail: (m: string) => Error): void {
  if (!model.store.get<Node>('Node', undefined, name)) throw fail(`Error from server (NotFound): nodes "${name}" not found`);
}

export function runNodeCommand(model: ClusterModel, cmd: NodeCommand, fail: (m: string) => Error): string[] {
  const ops = model.nodes;
  switch (cmd.verb) {
    case 'cordon':
      return nodesOf(model, cmd.nodes, fail).map((n) =>
        ops.cordon(n.metadata.name) ? `node/${n.metadata.name} cordoned` : `node/${n.metadata.name} already cordoned`,
      );
    case 'uncordon':
      return nodesOf(model, cmd.nodes, fail).map((n) =>
        ops.uncordon(n.metadata.name) ? `node/${n.metadata.name} uncordoned` : `node/${n.metadata.name} already uncordoned`,
      );
    case 'drain':
      return nodesOf(model, cmd.nodes, fail).flatMap((n) => {
        const status = ops.drain(n.metadata.name, {
          ignoreDaemonSets: cmd.ignoreDaemonsets,
          force: cmd.force,
          deleteEmptyDirData: cmd.deleteEmptydirData,
          ...(cmd.timeout !== undefined ? { timeout: cmd.timeout } : {}),
          ...(cmd.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: cmd.gracePeriodSeconds } : {}),
        });
        if (status.done && !status.ok) throw fail(status.lines.join('\n'));
        // The drain goes on in virtual time; its later lines are events with source kubectl.
        return [...status.lines, ...(status.done ? [] : ['(evicting pods; progress in events.csv, source kubectl)'])];
      });
    case 'taint':
      return nodesOf(model, cmd.nodes, fail).map((n) => {
        let taints: Taint[] = [...(n.spec.taints ?? [])];
        for (const r of cmd.remove) {
          const before = taints.length;
          taints = taints.filter((t) => !(t.key === r.key && (r.effect === undefined || t.effect === r.effect)));
          if (taints.length === before) throw fail(`error: taint "${r.key}${r.effect ? `:${r.effect}` : ''}" not found`);
        }
        for (const a of cmd.add) {
          const same = taints.find((t) => t.key === a.key && t.effect === a.effect);
          if (same && !cmd.overwrite) throw fail(`error: node ${n.metadata.name} already has ${a.key} taint(s) with same effect(s) and --overwrite is false`);
          taints = taints.filter((t) => t !== same);
          const t: Taint = { key: a.key, effect: a.effect, timeAdded: model.sim.now };
          if (a.value !== undefined) t.value = a.value;
          taints.push(t);
        }
        model.api.patch('Node', 'v1', undefined, n.metadata.name, 'merge', { spec: { taints } });
        return `node/${n.metadata.name} ${cmd.add.length ? 'tainted' : 'untainted'}`;
      });
    case 'node-fail':
      existing(model, cmd.node, fail);
      ops.fail(cmd.node);
      return [`node/${cmd.node} failed (kubelet stopped)`];
    case 'node-recover':
      existing(model, cmd.node, fail);
      ops.recover(cmd.node);
      return [`node/${cmd.node} recovered`];
    case 'node-remove':
      existing(model, cmd.node, fail);
      ops.remove(cmd.node);
      return [`node/${cmd.node} removed`];
    case 'node-add': {
      if (!model.pools.has(cmd.pool)) throw fail(`error: unknown node pool "${cmd.pool}" (pools: ${[...model.pools.keys()].join(', ')})`);
      return ops.add(cmd.pool, cmd.count).map((n) => `node/${n.metadata.name} added`);
    }
    case 'node-flap': {
      existing(model, cmd.node, fail);
      flapDown({ model, node: cmd.node, down: cmd.down, up: cmd.up, left: cmd.times });
      return [`node/${cmd.node} flapping: down ${cmd.down / 1000}s, up ${cmd.up / 1000}s, ${cmd.times} times`];
    }
    case 'zone-fail': {
      const nodes = zoneNodes(model, cmd.zone, fail);
      ops.failZone(cmd.zone, nodes.map((n) => n.metadata.name));
      return nodes.map((n) => `node/${n.metadata.name} failed (zone ${cmd.zone})`);
    }
    case 'zone-recover': {
      const nodes = zoneNodes(model, cmd.zone, fail);
      ops.recoverZone(cmd.zone, nodes.map((n) => n.metadata.name));
      return nodes.map((n) => `node/${n.metadata.name} recovered (zone ${cmd.zone})`);
    }
  }
}
