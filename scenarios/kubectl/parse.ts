// One timeline line → one typed Command, or a CommandError that says what is wrong and what
// would be right. Pure: no cluster, no clock; everything is checked when the scenario loads.

import { quantityProblem, parseQuantity } from '../../models/api/policy/quantity.js';
import { labelValueProblem } from '../../models/api/policy/labels.js';
import { suggestionSuffix } from '../suggest.js';
import { CommandError } from './errors.js';
import { FlagReader, parseFlags, type FlagSpec } from './flags.js';
import { describeType, resolveResource, withCustomResources, type CustomResources, type ResourceType } from './resources.js';
import { tokenize, type Word } from './tokenize.js';
import type {
  Cascade, Command, DescribeCommand, GetCommand, GetOutput, JsonPatchOperation, NodeTarget, ObjectRef, ObjectTarget,
  TaintEffect, Target, FieldPathStep, JsonValue, ExecKillCommand,
} from './types.js';
import { checkKey, checkLabelName, checkName, parseFieldPath, parseLabelSelector, parseSelector, parseYamlValue } from './values.js';

export interface ParseOptions {
  /** The action carries an inline `manifest` (what `-f -` reads). */
  hasManifest: boolean;
  /** The scenario's custom resource types (./custom-resources.ts): names a command may use. */
  customResources?: CustomResources;
}

// ---- flags shared by many verbs ----

const NS: FlagSpec = { long: 'namespace', short: 'n', type: 'value', placeholder: 'NAMESPACE' };
const RECORD: FlagSpec = { long: 'record', type: 'bool' };
const SELECTOR: FlagSpec = { long: 'selector', short: 'l', type: 'value', placeholder: 'SELECTOR' };
const ALL: FlagSpec = { long: 'all', type: 'bool' };
const FILENAME: FlagSpec = { long: 'filename', short: 'f', type: 'value', placeholder: '-' };
const OVERWRITE: FlagSpec = { long: 'overwrite', type: 'bool' };
const CONTAINERS: FlagSpec = { long: 'containers', short: 'c', type: 'value', placeholder: 'CONTAINER' };

/** kubectl verbs a timeline may use (for "did you mean" and the list in errors). */
export const KUBECTL_VERBS = [
  'apply', 'create', 'delete', 'scale', 'set', 'rollout', 'label', 'annotate', 'patch', 'autoscale',
  'cordon', 'uncordon', 'drain', 'taint', 'edit', 'exec', 'get', 'describe', 'logs',
] as const;

/** Simulator actions (no `kubectl` prefix). */
export const SIMULATOR_ACTIONS = [
  'node fail', 'node recover', 'node add', 'node remove', 'node flap', 'zone fail', 'zone recover', 'note', 'set-field',
] as const;

/** Real kubectl verbs that make no sense (or are not modelled) in a timeline, with what to do. */
const UNSUPPORTED_VERBS: Record<string, string> = {
  run: 'use `kubectl create deployment NAME --image=IMAGE`, or `kubectl apply -f -` with a Pod manifest',
  replace: 'use `kubectl apply -f -` with the new manifest',
  expose: 'use `kubectl apply -f -` with a Service manifest',
  wait: 'every action has its own `at` time: put the next action later instead of waiting',
  'port-forward': 'there is no network to forward in a simulation',
  top: 'resource use is in the reports (timeseries.csv)',
};

const WORKLOADS_SCALABLE: ResourceType[] = ['deployments', 'replicasets', 'statefulsets'];
const ROLLOUT_TYPES: ResourceType[] = ['deployments', 'daemonsets', 'statefulsets'];
const POD_TEMPLATE_IMAGE: ResourceType[] = ['pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'cronjobs'];
const POD_TEMPLATE_RESOURCES: ResourceType[] = ['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs'];

export function parseCommand(line: string, opts: ParseOptions): Command {
  return withCustomResources(opts.customResources, () => parseLine(line, opts));
}

function parseLine(line: string, opts: ParseOptions): Command {
  const words = tokenize(line);
  const first = words[0];
  if (first === undefined) {
    throw new CommandError('empty command: expected "kubectl VERB ..." or a simulator action (node fail|recover|add|remove|flap, zone fail|recover, set-field, note)');
  }
  let cmd: Command;
  if (first.text === 'kubectl' || first.text === 'k') {
    cmd = parseKubectl(first, words.slice(1), opts);
  } else {
    cmd = parseSimulator(first, words.slice(1));
  }
  const usesManifest =
    cmd.verb === 'apply' || cmd.verb === 'create' || (cmd.verb === 'delete' && cmd.target.by === 'manifest');
  if (opts.hasManifest && !usesManifest) {
    throw new CommandError('this action has a `manifest` but the command does not read it; only `kubectl apply|create|delete -f -` use a manifest');
  }
  return cmd;
}

// ---- simulator actions ----

function parseSimulator(first: Word, rest: Word[]): Command {
  switch (first.text) {
    case 'node': return parseNodeAction(first, rest);
    case 'zone': {
      const sub = rest[0];
      const choices = ['fail', 'recover'];
      if (sub === undefined || !choices.includes(sub.text)) throw subcommandError('zone', sub, choices, first);
      const f = parseFlags(rest.slice(1), [], `zone ${sub.text}`);
      const zone = exactlyOne(f.args, 'ZONE', `zone ${sub.text} ZONE`, sub);
      return { verb: sub.text === 'fail' ? 'zone-fail' : 'zone-recover', zone: zone.text };
    }
    case 'note': {
      if (rest.length === 0) throw new CommandError('note needs text: note TEXT', first.start);
      return { verb: 'note', text: rest.map((w) => w.text).join(' ') };
    }
    case 'set-field': return parseSetField(first, rest, false);
    case 'sleep':
      throw new CommandError('there is no `sleep`: every action has its own `at` time; put the next action at a later `at`', first.start);
    default: {
      if (first.text in UNSUPPORTED_VERBS || (KUBECTL_VERBS as readonly string[]).includes(first.text)) {
        throw new CommandError(`kubectl commands start with "kubectl": kubectl ${first.text} ...`, first.start);
      }
      throw new CommandError(
        `unknown command ${JSON.stringify(first.text)}${suggestionSuffix(first.text, ['kubectl', 'node', 'zone', 'note', 'set-field'])}; ` +
          `a timeline action is "kubectl VERB ..." (or "k VERB ...") or a simulator action: ${SIMULATOR_ACTIONS.join(', ')}`,
        first.start,
      );
    }
  }
}

function parseNodeAction(first: Word, rest: Word[]): Command {
  const sub = rest[0];
  const choices = ['fail', 'recover', 'add', 'remove', 'flap'];
  if (sub === undefined || !choices.includes(sub.text)) throw subcommandError('node', sub, choices, first);
  const name = `node ${sub.text}`;
  switch (sub.text) {
    case 'add': {
      const f = parseFlags(rest.slice(1), [{ long: 'count', type: 'value', placeholder: 'N' }], name);
      const pool = exactlyOne(f.args, 'POOL', 'node add POOL [--count=N]', sub);
      const count = new FlagReader(f).int('count', 1) ?? 1;
      return { verb: 'node-add', pool: checkName(pool, 'node pool name'), count };
    }
    case 'flap': {
      const specs: FlagSpec[] = [
        { long: 'down', type: 'value', placeholder: 'DURATION' },
        { long: 'up', type: 'value', placeholder: 'DURATION' },
        { long: 'times', type: 'value', placeholder: 'N' },
      ];
      const f = parseFlags(rest.slice(1), specs, name);
      const usage = 'node flap NODE --down=DURATION --up=DURATION --times=N';
      const node = exactlyOne(f.args, 'NODE', usage, sub);
      const r = new FlagReader(f);
      for (const s of specs) if (!r.has(s.long)) throw new CommandError(`node flap: --${s.long} is required (${usage})`, sub.start);
      return {
        verb: 'node-flap', node: checkName(node, 'node name'),
        down: positiveDuration(r, 'down'), up: positiveDuration(r, 'up'), times: r.int('times', 1)!,
      };
    }
    default: {
      const f = parseFlags(rest.slice(1), [], name);
      const node = exactlyOne(f.args, 'NODE', `${name} NODE`, sub);
      const verb = sub.text === 'fail' ? 'node-fail' : sub.text === 'recover' ? 'node-recover' : 'node-remove';
      return { verb, node: checkName(node, 'node name') };
    }
  }
}

function positiveDuration(r: FlagReader, long: string): number {
  const d = r.duration(long)!;
  if (d <= 0) throw new CommandError(`--${long} must be longer than 0`, r.word(long)!.start);
  return d;
}

// ---- kubectl ----

function parseKubectl(kubectl: Word, rest: Word[], opts: ParseOptions): Command {
  const verb = rest[0];
  if (verb === undefined) throw new CommandError(`kubectl needs a verb: one of ${KUBECTL_VERBS.join(', ')}`, kubectl.start);
  const args = rest.slice(1);
  switch (verb.text) {
    case 'apply': return parseApplyOrCreate('apply', verb, args, opts);
    case 'create': return parseCreate(verb, args, opts);
    case 'delete': return parseDelete(verb, args, opts);
    case 'scale': return parseScale(verb, args);
    case 'set': return parseSet(verb, args);
    case 'set-field': return parseSetField(verb, args, false);
    case 'edit': return parseSetField(verb, args, true);
    case 'rollout': return parseRollout(verb, args);
    case 'label':
    case 'annotate': return parseLabel(verb.text, verb, args);
    case 'patch': return parsePatch(verb, args);
    case 'autoscale': return parseAutoscale(verb, args);
    case 'cordon':
    case 'uncordon': {
      const f = parseFlags(args, [SELECTOR], `kubectl ${verb.text}`);
      return { verb: verb.text, nodes: nodeTarget(f.args, new FlagReader(f), verb, false) };
    }
    case 'drain': return parseDrain(verb, args);
    case 'exec': return parseExec(verb, args);
    case 'taint': return parseTaint(verb, args);
    case 'get': return parseGet(verb, args);
    case 'describe': return parseDescribe(verb, args);
    case 'logs': return parseReadOnly(verb.text, args);
    default: {
      const why = UNSUPPORTED_VERBS[verb.text];
      if (why !== undefined) throw new CommandError(`kubectl ${verb.text} is not supported in a timeline: ${why}`, verb.start);
      throw new CommandError(
        `unknown kubectl verb ${JSON.stringify(verb.text)}${suggestionSuffix(verb.text, KUBECTL_VERBS)}; supported: ${KUBECTL_VERBS.join(', ')}`,
        verb.start,
      );
    }
  }
}

/** Keeps `namespace` and `record` only when given (absent fields, not `undefined`). */
function common(r: FlagReader): { namespace?: string; record?: true } {
  const out: { namespace?: string; record?: true } = {};
  const ns = r.word('namespace');
  if (ns !== undefined) out.namespace = checkLabelName(ns, 'namespace');
  if (r.bool('record')) out.record = true;
  return out;
}

function subcommandError(parent: string, sub: Word | undefined, choices: readonly string[], at: Word): CommandError {
  if (sub === undefined) return new CommandError(`${parent} needs a subcommand: one of ${choices.join(', ')}`, at.start);
  return new CommandError(
    `unknown subcommand ${JSON.stringify(sub.text)} for "${parent}"${suggestionSuffix(sub.text, choices)}; choices: ${choices.join(', ')}`,
    sub.start,
  );
}

function exactlyOne(args: Word[], what: string, usage: string, at: Word): Word {
  if (args.length === 0) throw new CommandError(`missing ${what}: ${usage}`, at.start);
  if (args.length > 1) throw new CommandError(`unexpected argument ${JSON.stringify(args[1]!.text)}: ${usage}`, args[1]!.start);
  return args[0]!;
}

function noRest(rest: Word[] | undefined, command: string): void {
  if (rest !== undefined && rest.length > 0) {
    throw new CommandError(`"${command}" takes no arguments after "--"`, rest[0]!.start);
  }
}

/** Checks `-f`: only `-f -` with an inline manifest. Returns whether `-f -` was given. */
function manifestFlag(r: FlagReader, opts: ParseOptions, command: string): boolean {
  const f = r.word('filename');
  if (f === undefined) return false;
  if (f.text !== '-') {
    throw new CommandError(
      `-f ${f.text}: only inline manifests are supported in timelines; write "${command} -f -" and put the object under the action's \`manifest\``,
      f.start,
    );
  }
  if (!opts.hasManifest) throw new CommandError(`"${command} -f -" reads the action's \`manifest\`, but this action has none`, f.start);
  return true;
}

// ---- exec ----

const EXEC_ONLY_KILL =
  'containers in k8sim do not run commands: the one command modelled is `kill 1` (the book\'s lab: `kubectl exec POD -- kill 1`, ' +
  'or `-- sh -c "kill 1"`); describe other behaviour with a k8sim/v1 Behavior';
const SIGNALS: Record<string, 'TERM' | 'INT' | 'QUIT' | 'KILL'> = {
  '15': 'TERM', TERM: 'TERM', SIGTERM: 'TERM', '2': 'INT', INT: 'INT', SIGINT: 'INT',
  '3': 'QUIT', QUIT: 'QUIT', SIGQUIT: 'QUIT', '9': 'KILL', KILL: 'KILL', SIGKILL: 'KILL',
};

/** `kubectl exec [-i] [-t] POD [-c C] -- kill [-SIG|-s SIG] 1`, also through `sh|bash -c "kill 1"`. */
function parseExec(verb: Word, args: Word[]): ExecKillCommand {
  // -it / -ti: kubectl's combined short bool flags.
  const words = args.flatMap((w) => (/^-[it]{2}$/.test(w.text) ? [{ text: '-i', start: w.start }, { text: `-${w.text[2]}`, start: w.start + 2 }] : [w]));
  const specs: FlagSpec[] = [NS, { long: 'container', short: 'c', type: 'value', placeholder: 'CONTAINER' }, { long: 'stdin', short: 'i', type: 'bool' }, { long: 'tty', short: 't', type: 'bool' }];
  const f = parseFlags(words, specs, 'kubectl exec');
  const usage = 'kubectl exec POD [-c CONTAINER] -- kill 1';
  let target = exactlyOne(f.args, 'POD', usage, verb);
  const m = /^(pods?|po)\//.exec(target.text);
  if (m) target = { text: target.text.slice(m[0].length), start: target.start + m[0].length };
  else if (target.text.includes('/')) throw new CommandError(`kubectl exec works on a pod: write POD or pod/POD (${usage})`, target.start);
  if (f.rest === undefined || f.rest.length === 0) throw new CommandError(`kubectl exec needs the command after "--": ${usage}`, target.start);
  let cmd: Word[] = f.rest;
  const shell = cmd[0]!.text.split('/').pop()!;
  if (['sh', 'bash', 'ash'].includes(shell) && cmd[1]?.text === '-c' && cmd.length === 3) {
    const script = cmd[2]!;
    cmd = tokenize(script.text).map((w) => ({ text: w.text, start: script.start + w.start }));
  }
  if (cmd[0]?.text !== 'kill') throw new CommandError(EXEC_ONLY_KILL, cmd[0]?.start ?? target.start);
  let signal: ExecKillCommand['signal'] = 'TERM';
  let i = 1;
  const sig = cmd[1];
  if (sig !== undefined && sig.text.startsWith('-')) {
    let name = sig.text.slice(1);
    if (name === 's') { name = cmd[2]?.text ?? ''; i = 3; } else i = 2;
    const known = SIGNALS[name.toUpperCase()];
    if (known === undefined) throw new CommandError(`kill: signal ${JSON.stringify(name)} is not modelled; use TERM (the default), INT, QUIT or KILL`, sig.start);
    signal = known;
  }
  const pid = cmd[i];
  if (pid?.text !== '1' || cmd.length !== i + 1) {
    throw new CommandError(`kill: only PID 1 (the container's main process) exists in the model: ${usage}`, (pid ?? cmd[0]!).start);
  }
  const r = new FlagReader(f);
  const out: ExecKillCommand = { verb: 'exec-kill', ...common(r), pod: checkName(target), signal };
  const c = r.word('container');
  if (c !== undefined) out.container = checkLabelName(c, 'container name');
  return out;
}

// ---- targets ----

interface TargetRules {
  /** Types the verb works on (undefined: any). */
  types?: readonly ResourceType[];
  selector: boolean;
  all: boolean;
  /** `TYPE` alone means every object of the type (kubectl rollout restart). */
  typeAloneMeansAll?: boolean;
}

function checkType(t: ResourceType, rules: TargetRules, command: string, at: Word): ResourceType {
  if (rules.types !== undefined && !rules.types.includes(t)) {
    throw new CommandError(`"${command}" does not work on ${t}; it works on: ${rules.types.map(describeType).join(', ')}`, at.start);
  }
  return t;
}

function parseTarget(args: Word[], r: FlagReader, rules: TargetRules, command: string, at: Word): ObjectTarget {
  const sel = rules.selector ? r.word('selector') : undefined;
  const all = rules.all && r.bool('all');
  if (sel !== undefined && all) throw new CommandError('--all and --selector (-l) cannot be used together', sel.start);
  const first = args[0];
  if (first === undefined) {
    const types = rules.types ?? [];
    throw new CommandError(
      `"${command}" needs the object: TYPE NAME or TYPE/NAME${types.length ? ` (TYPE: ${types.map(describeType).join(', ')})` : ''}`,
      at.start,
    );
  }
  if (first.text.includes('/')) {
    const refs = args.map((w) => slashRef(w, rules, command));
    if (sel !== undefined || all) {
      throw new CommandError(`names cannot be given together with ${all ? '--all' : '--selector'}`, (sel ?? first).start);
    }
    return { by: 'name', refs };
  }
  const resources = [...new Set(first.text.split(',').map((t) => checkType(resolveResource(t, first.start), rules, command, first)))];
  const names = args.slice(1);
  if (names.length > 0) {
    const slashed = names.find((w) => w.text.includes('/'));
    if (slashed !== undefined) {
      throw new CommandError(
        `there is no need to give a resource type as a separate argument when passing TYPE/NAME arguments (write "${slashed.text}" alone)`,
        slashed.start,
      );
    }
    if (sel !== undefined || all) {
      throw new CommandError(`names cannot be given together with ${all ? '--all' : '--selector'}`, (sel ?? names[0]!).start);
    }
    const refs: ObjectRef[] = [];
    for (const resource of resources) for (const w of names) refs.push({ resource, name: checkName(w) });
    return { by: 'name', refs };
  }
  if (sel !== undefined) return { by: 'selector', resources, ...parseSelector(sel, '--selector') };
  if (all || rules.typeAloneMeansAll) return { by: 'all', resources };
  const how = [rules.selector ? 'a label selector (-l)' : '', rules.all ? '--all' : ''].filter((s) => s !== '');
  throw new CommandError(
    `resource type ${JSON.stringify(first.text)} given, but no name${how.length ? `, ${how.join(', or ')}` : ''}: write TYPE NAME or TYPE/NAME`,
    first.start,
  );
}

function slashRef(w: Word, rules: TargetRules, command: string): ObjectRef {
  const slash = w.text.indexOf('/');
  if (slash < 0) {
    throw new CommandError(
      `${JSON.stringify(w.text)}: when one argument is TYPE/NAME, all must be (write e.g. deployment/${w.text})`,
      w.start,
    );
  }
  const resource = checkType(resolveResource(w.text.slice(0, slash), w.start), rules, command, w);
  return { resource, name: checkName({ text: w.text.slice(slash + 1), start: w.start + slash + 1 }) };
}

/** A target that must be exactly one named object. */
function singleRef(args: Word[], r: FlagReader, rules: Omit<TargetRules, 'selector' | 'all'>, command: string, at: Word): ObjectRef {
  const t = parseTarget(args, r, { ...rules, selector: false, all: false }, command, at);
  if (t.by !== 'name' || t.refs.length !== 1) {
    throw new CommandError(`"${command}" works on exactly one object: TYPE NAME or TYPE/NAME`, at.start);
  }
  return t.refs[0]!;
}

function nodeTarget(args: Word[], r: FlagReader, at: Word, allowAll: boolean): NodeTarget {
  const sel = r.word('selector');
  const all = allowAll && r.bool('all');
  const names = args.map((w) => {
    const m = /^(nodes?|no)\//.exec(w.text);
    return m ? { text: w.text.slice(m[0].length), start: w.start + m[0].length } : w;
  });
  if (names.length > 0 && (sel !== undefined || all)) {
    throw new CommandError(`cannot give both a node name and ${all ? '--all' : '--selector'}`, names[0]!.start);
  }
  if (sel !== undefined && all) throw new CommandError('--all and --selector (-l) cannot be used together', sel.start);
  if (names.length > 0) return { by: 'name', names: names.map((w) => checkName(w, 'node name')) };
  if (sel !== undefined) return { by: 'selector', ...parseSelector(sel, '--selector') };
  if (all) return { by: 'all' };
  throw new CommandError(`"kubectl ${at.text}" needs a node: kubectl ${at.text} NODE${at.text === 'taint' ? '' : ' (or -l SELECTOR)'}`, at.start);
}

// ---- verbs ----

function parseApplyOrCreate(verb: 'apply' | 'create', at: Word, args: Word[], opts: ParseOptions): Command {
  const specs: FlagSpec[] = [FILENAME, NS, RECORD];
  if (verb === 'create') specs.push({ long: 'save-config', type: 'bool' });
  const f = parseFlags(args, specs, `kubectl ${verb}`);
  const r = new FlagReader(f);
  noRest(f.rest, `kubectl ${verb}`);
  if (f.args.length > 0) {
    throw new CommandError(`unexpected argument ${JSON.stringify(f.args[0]!.text)}: kubectl ${verb} -f -`, f.args[0]!.start);
  }
  if (!manifestFlag(r, opts, `kubectl ${verb}`)) {
    throw new CommandError(`kubectl ${verb} needs -f - (the object goes under the action's \`manifest\`)`, at.start);
  }
  return { verb, ...common(r) };
}

function parseCreate(at: Word, args: Word[], opts: ParseOptions): Command {
  const sub = args[0];
  const subs = ['deployment', 'job', 'namespace'];
  if (sub === undefined || sub.text.startsWith('-')) return parseApplyOrCreate('create', at, args, opts);
  const rest = args.slice(1);
  switch (sub.text) {
    case 'deployment':
    case 'deploy': {
      const command = 'kubectl create deployment';
      const f = parseFlags(rest, [
        { long: 'image', type: 'list', placeholder: 'IMAGE' },
        { long: 'replicas', short: 'r', type: 'value', placeholder: 'N' },
        { long: 'port', type: 'value', placeholder: 'PORT' },
        NS, RECORD,
      ], command);
      const r = new FlagReader(f);
      const name = checkName(exactlyOne(f.args, 'NAME', `${command} NAME --image=IMAGE [--replicas=N] [--port=PORT]`, sub));
      const images = r.list('image').map(checkImage);
      if (images.length === 0) throw new CommandError(`${command}: --image is required`, sub.start);
      const out: Command = { verb: 'create-deployment', name, images, replicas: r.int('replicas', 0) ?? 1, ...common(r) };
      const port = r.int('port', 1);
      if (port !== undefined) {
        if (port > 65535) throw new CommandError(`invalid value ${port} for --port: must be at most 65535`, r.word('port')!.start);
        if (images.length > 1) throw new CommandError('--port can only be used with a single --image', r.word('port')!.start);
        out.port = port;
      }
      if (f.rest !== undefined && f.rest.length > 0) {
        if (images.length > 1) throw new CommandError('a command (after "--") can only be given with a single --image', f.rest[0]!.start);
        out.command = f.rest.map((w) => w.text);
      }
      return out;
    }
    case 'job': {
      const command = 'kubectl create job';
      const f = parseFlags(rest, [
        { long: 'image', type: 'value', placeholder: 'IMAGE' },
        { long: 'from', type: 'value', placeholder: 'cronjob/NAME' },
        NS, RECORD,
      ], command);
      const r = new FlagReader(f);
      const name = checkName(exactlyOne(f.args, 'NAME', `${command} NAME --image=IMAGE [-- COMMAND...]`, sub));
      const image = r.word('image');
      const from = r.word('from');
      if ((image === undefined) === (from === undefined)) {
        throw new CommandError(`${command}: give either --image or --from=cronjob/NAME`, sub.start);
      }
      if (from !== undefined) {
        if (f.rest !== undefined && f.rest.length > 0) throw new CommandError('cannot give both --from and a command', f.rest[0]!.start);
        const slash = from.text.indexOf('/');
        const type = slash < 0 ? undefined : resolveResource(from.text.slice(0, slash), from.start);
        if (type !== 'cronjobs') throw new CommandError(`--from must name a cronjob: --from=cronjob/NAME`, from.start);
        return {
          verb: 'create-job', name, ...common(r),
          from: { kind: 'cronjob', name: checkName({ text: from.text.slice(slash + 1), start: from.start }) },
        };
      }
      const src: { kind: 'image'; image: string; command?: string[] } = { kind: 'image', image: checkImage(image!) };
      if (f.rest !== undefined && f.rest.length > 0) src.command = f.rest.map((w) => w.text);
      return { verb: 'create-job', name, ...common(r), from: src };
    }
    case 'namespace':
    case 'ns': {
      const f = parseFlags(rest, [], 'kubectl create namespace');
      noRest(f.rest, 'kubectl create namespace');
      const name = exactlyOne(f.args, 'NAME', 'kubectl create namespace NAME', sub);
      return { verb: 'create-namespace', name: checkLabelName(name, 'namespace name') };
    }
    default:
      throw new CommandError(
        `kubectl create ${sub.text} is not supported${suggestionSuffix(sub.text, subs)}; use kubectl create ${subs.join('|')}, or kubectl create -f - with a manifest`,
        sub.start,
      );
  }
}

function checkImage(w: Word): string {
  if (w.text === '' || /\s/.test(w.text) || w.text !== w.text.trim()) {
    throw new CommandError(`invalid image ${JSON.stringify(w.text)}`, w.start);
  }
  return w.text;
}

const BOOL_WORDS: Record<string, boolean> = {
  '1': true, t: true, T: true, true: true, TRUE: true, True: true,
  '0': false, f: false, F: false, false: false, FALSE: false, False: false,
};

function parseDelete(at: Word, args: Word[], opts: ParseOptions): Command {
  const command = 'kubectl delete';
  const f = parseFlags(args, [
    FILENAME, SELECTOR, ALL, NS, RECORD,
    { long: 'cascade', type: 'value', noValueDefault: 'background', placeholder: 'background|foreground|orphan' },
    { long: 'grace-period', type: 'value', placeholder: 'SECONDS' },
    { long: 'force', type: 'bool' },
    { long: 'now', type: 'bool' },
    { long: 'ignore-not-found', type: 'bool' },
    { long: 'wait', type: 'bool' },
  ], command);
  noRest(f.rest, command);
  const r = new FlagReader(f);
  let target: Target;
  if (manifestFlag(r, opts, command)) {
    if (f.args.length > 0) throw new CommandError('give either -f - or resources to delete, not both', f.args[0]!.start);
    target = { by: 'manifest' };
  } else {
    target = parseTarget(f.args, r, { selector: true, all: true }, command, at);
  }
  // kubectl's GetCascadingStrategy: the three names, or a legacy boolean (false = orphan).
  let cascade: Cascade = 'background';
  const c = r.word('cascade');
  if (c !== undefined) {
    if (c.text === 'background' || c.text === 'foreground' || c.text === 'orphan') cascade = c.text;
    else if (c.text in BOOL_WORDS) cascade = BOOL_WORDS[c.text] ? 'background' : 'orphan';
    else {
      throw new CommandError(
        `invalid --cascade value ${JSON.stringify(c.text)}: must be "background", "foreground" or "orphan"` +
          `${suggestionSuffix(c.text, ['background', 'foreground', 'orphan'])}`,
        c.start,
      );
    }
  }
  // kubectl delete's grace-period rules, in its order.
  const force = r.bool('force');
  let grace = r.int('grace-period', -1) ?? -1;
  if (r.bool('now')) {
    if (grace !== -1) throw new CommandError('--now and --grace-period cannot be given together', r.word('now')?.start);
    grace = 1;
  }
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  const out: Command = {
    verb: 'delete', target, cascade, force, ignoreNotFound: r.bool('ignore-not-found'), ...common(r),
  };
  if (grace >= 0) out.gracePeriodSeconds = grace;
  return out;
}

function parseScale(at: Word, args: Word[]): Command {
  const command = 'kubectl scale';
  const f = parseFlags(args, [
    { long: 'replicas', type: 'value', placeholder: 'COUNT' },
    { long: 'current-replicas', type: 'value', placeholder: 'COUNT' },
    SELECTOR, ALL, NS, RECORD,
  ], command);
  noRest(f.rest, command);
  const r = new FlagReader(f);
  const target = parseTarget(f.args, r, { types: WORKLOADS_SCALABLE, selector: true, all: true }, command, at);
  const replicas = r.int('replicas', 0);
  if (replicas === undefined) throw new CommandError(`${command}: --replicas=COUNT is required`, at.start);
  const out: Command = { verb: 'scale', target, replicas, ...common(r) };
  const current = r.int('current-replicas', -1);
  if (current !== undefined && current >= 0) out.currentReplicas = current;
  return out;
}

/** Splits TYPE NAME... from the KEY=VALUE / KEY- words that follow (kubectl's rule). */
function splitAssignments(args: Word[], isAssignment: (w: Word) => boolean): [Word[], Word[]] {
  const i = args.findIndex(isAssignment);
  if (i < 0) return [args, []];
  const after = args.slice(i);
  const stray = after.find((w) => !isAssignment(w));
  if (stray !== undefined) {
    throw new CommandError(`unexpected argument ${JSON.stringify(stray.text)}: give the object first, then the changes`, stray.start);
  }
  return [args.slice(0, i), after];
}

function parseSet(at: Word, args: Word[]): Command {
  const sub = args[0];
  const subs = ['image', 'resources', 'env'];
  if (sub === undefined || !subs.includes(sub.text)) throw subcommandError('kubectl set', sub, subs, at);
  const command = `kubectl set ${sub.text}`;
  const rest = args.slice(1);
  switch (sub.text) {
    case 'image': {
      const f = parseFlags(rest, [SELECTOR, ALL, NS, RECORD], command);
      noRest(f.rest, command);
      const r = new FlagReader(f);
      const [objs, pairs] = splitAssignments(f.args, (w) => w.text.includes('='));
      const target = parseTarget(objs, r, { types: POD_TEMPLATE_IMAGE, selector: true, all: true }, command, sub);
      if (pairs.length === 0) throw new CommandError(`${command}: give at least one CONTAINER=IMAGE (or *=IMAGE)`, sub.start);
      const images = pairs.map((w) => {
        const eq = w.text.indexOf('=');
        const container = w.text.slice(0, eq);
        if (container !== '*') checkLabelName({ text: container, start: w.start }, 'container name');
        return { container, image: checkImage({ text: w.text.slice(eq + 1), start: w.start + eq + 1 }) };
      });
      return { verb: 'set-image', target, images, ...common(r) };
    }
    case 'resources': {
      const f = parseFlags(rest, [
        CONTAINERS,
        { long: 'requests', type: 'value', placeholder: 'cpu=100m,memory=128Mi' },
        { long: 'limits', type: 'value', placeholder: 'cpu=200m,memory=256Mi' },
        SELECTOR, ALL, NS, RECORD,
      ], command);
      noRest(f.rest, command);
      const r = new FlagReader(f);
      const target = parseTarget(f.args, r, { types: POD_TEMPLATE_RESOURCES, selector: true, all: true }, command, sub);
      const requests = resourceList(r.word('requests'), 'requests');
      const limits = resourceList(r.word('limits'), 'limits');
      if (Object.keys(requests).length === 0 && Object.keys(limits).length === 0) {
        throw new CommandError(`${command}: give --requests and/or --limits, e.g. --requests=cpu=100m,memory=128Mi`, sub.start);
      }
      for (const [name, req] of Object.entries(requests)) {
        const lim = limits[name];
        if (lim !== undefined && parseQuantity(req).nanos > parseQuantity(lim).nanos) {
          throw new CommandError(`requests.${name} ${req} is more than limits.${name} ${lim}`, r.word('requests')!.start);
        }
      }
      const containers = r.word('containers');
      return {
        verb: 'set-resources', target, requests, limits, ...common(r),
        containers: containers === undefined || containers.text === '*' ? '*' : checkLabelName(containers, 'container name'),
      };
    }
    default: {
      const f = parseFlags(rest, [
        CONTAINERS, { long: 'env', short: 'e', type: 'list', placeholder: 'NAME=VALUE' },
        OVERWRITE, SELECTOR, ALL, NS, RECORD,
      ], command);
      noRest(f.rest, command);
      const r = new FlagReader(f);
      const [objs, changes] = splitAssignments(f.args, (w) => w.text.includes('=') || (w.text.endsWith('-') && !w.text.includes('/')));
      const target = parseTarget(objs, r, { types: POD_TEMPLATE_IMAGE, selector: true, all: true }, command, sub);
      const set: Array<{ name: string; value: string }> = [];
      const unset: string[] = [];
      for (const w of [...changes, ...r.list('env')]) {
        const eq = w.text.indexOf('=');
        if (eq < 0 && w.text.endsWith('-')) unset.push(checkEnvName(w.text.slice(0, -1), w));
        else if (eq < 0) throw new CommandError(`invalid environment change ${JSON.stringify(w.text)}: write NAME=VALUE or NAME-`, w.start);
        else set.push({ name: checkEnvName(w.text.slice(0, eq), w), value: w.text.slice(eq + 1) });
      }
      if (set.length === 0 && unset.length === 0) throw new CommandError(`${command}: give at least one NAME=VALUE or NAME-`, sub.start);
      const both = set.find((s) => unset.includes(s.name));
      if (both !== undefined) throw new CommandError(`cannot both set and remove ${both.name} in the same command`, sub.start);
      const containers = r.word('containers');
      return {
        verb: 'set-env', target, set, unset, ...common(r),
        overwrite: r.has('overwrite') ? r.bool('overwrite') : true,
        containers: containers === undefined || containers.text === '*' ? '*' : checkLabelName(containers, 'container name'),
      };
    }
  }
}

function checkEnvName(name: string, w: Word): string {
  if (/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) return name;
  throw new CommandError(`invalid environment variable name ${JSON.stringify(name)}: letters, digits, '_', '-' and '.', not starting with a digit`, w.start);
}

function resourceList(w: Word | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (w === undefined) return out;
  for (const item of w.text.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CommandError(`--${flag}: expected NAME=QUANTITY items separated by ",", e.g. cpu=100m,memory=128Mi; got ${JSON.stringify(item)}`, w.start);
    const name = item.slice(0, eq);
    const qty = item.slice(eq + 1);
    if (!/^(cpu|memory|ephemeral-storage|hugepages-[0-9A-Za-z]+|[a-z0-9.-]+\/[-a-z0-9_.]+)$/.test(name)) {
      throw new CommandError(
        `--${flag}: unknown resource ${JSON.stringify(name)}${suggestionSuffix(name, ['cpu', 'memory', 'ephemeral-storage'])}; ` +
          'use cpu, memory, ephemeral-storage, hugepages-SIZE or an extended resource (domain/name)',
        w.start,
      );
    }
    const problem = quantityProblem(qty);
    if (problem !== undefined) throw new CommandError(`--${flag} ${name}: ${problem}`, w.start);
    if (qty.startsWith('-')) throw new CommandError(`--${flag} ${name}: must not be negative`, w.start);
    out[name] = qty;
  }
  return out;
}

function parseSetField(at: Word, args: Word[], viaEdit: boolean): Command {
  const command = viaEdit ? 'kubectl edit' : 'set-field';
  const specs: FlagSpec[] = viaEdit ? [{ long: 'field', type: 'list', placeholder: 'PATH=VALUE' }, NS, RECORD] : [NS, RECORD];
  const f = parseFlags(args, specs, command);
  noRest(f.rest, command);
  const r = new FlagReader(f);
  // PATH=VALUE, not TYPE/NAME: a "/" may only come inside a quoted key or in the value.
  const isAssignment = (w: Word): boolean => {
    const eq = w.text.indexOf('=');
    const slash = w.text.indexOf('/');
    const bracket = w.text.indexOf('[');
    return eq > 0 && (slash < 0 || slash > eq || (bracket >= 0 && slash > bracket));
  };
  let objs: Word[];
  let assignments: Word[];
  if (viaEdit) {
    objs = f.args;
    assignments = r.list('field');
    if (assignments.length === 0) {
      throw new CommandError(
        'kubectl edit opens an editor on a real cluster; in a timeline give the changes: kubectl edit TYPE/NAME --field PATH=VALUE (or set-field TYPE/NAME PATH=VALUE)',
        at.start,
      );
    }
  } else {
    [objs, assignments] = splitAssignments(f.args, isAssignment);
    if (assignments.length === 0) throw new CommandError('set-field needs at least one PATH=VALUE: set-field TYPE/NAME spec.replicas=6', at.start);
  }
  const target = singleRef(objs, r, {}, command, at);
  const fields = assignments.map((w) => parseAssignment(w));
  return { verb: 'set-field', target, fields, ...common(r) };
}

function parseAssignment(w: Word): { path: FieldPathStep[]; value: JsonValue } {
  // The first "=" outside brackets ends the path.
  let depth = 0;
  let eq = -1;
  for (let i = 0; i < w.text.length; i++) {
    const c = w.text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '=' && depth === 0) { eq = i; break; }
  }
  if (eq < 0) eq = w.text.indexOf('='); // unbalanced brackets: parseFieldPath says what is wrong
  if (eq < 0) throw new CommandError(`expected PATH=VALUE, got ${JSON.stringify(w.text)}`, w.start);
  const pathText = w.text.slice(0, eq);
  const path = parseFieldPath(pathText, w.start);
  const head = path[0];
  if (head !== 'spec' && head !== 'metadata' && head !== 'data') {
    throw new CommandError(
      `${JSON.stringify(pathText)}: only spec, metadata (labels, annotations) and data can be changed${head === 'status' ? '; status is written by controllers' : ''}`,
      w.start,
    );
  }
  if (head === 'metadata' && path[1] !== 'labels' && path[1] !== 'annotations') {
    throw new CommandError(`${JSON.stringify(pathText)}: of metadata, only labels and annotations can be changed`, w.start);
  }
  return { path, value: parseYamlValue(w.text.slice(eq + 1), `value of ${pathText}`, w.start + eq + 1) };
}

function parseRollout(at: Word, args: Word[]): Command {
  const sub = args[0];
  const subs = ['undo', 'restart', 'pause', 'resume', 'status', 'history'] as const;
  const which = subs.find((s) => s === sub?.text);
  if (sub === undefined || which === undefined) throw subcommandError('kubectl rollout', sub, subs, at);
  const command = `kubectl rollout ${which}`;
  const specs: FlagSpec[] = [SELECTOR, NS, RECORD];
  if (which === 'undo') specs.push({ long: 'to-revision', type: 'value', placeholder: 'REVISION' });
  if (which === 'status' || which === 'history') specs.push({ long: 'revision', type: 'value', placeholder: 'REVISION' });
  if (which === 'status') specs.push({ long: 'watch', short: 'w', type: 'bool' }, { long: 'timeout', type: 'value', placeholder: 'DURATION' });
  const f = parseFlags(args.slice(1), specs, command);
  noRest(f.rest, command);
  const r = new FlagReader(f);
  const types = which === 'pause' || which === 'resume' ? ['deployments' as const] : ROLLOUT_TYPES;
  const target = parseTarget(f.args, r, { types, selector: true, all: false, typeAloneMeansAll: which === 'restart' }, command, sub);
  if (which === 'undo') {
    const out: Command = { verb: 'rollout-undo', target, ...common(r) };
    const rev = r.int('to-revision', 0);
    if (rev !== undefined && rev > 0) out.toRevision = rev;
    return out;
  }
  if (which === 'status' || which === 'history') {
    r.duration('timeout');
    const out: Command = { verb: which === 'status' ? 'rollout-status' : 'rollout-history', target, ...common(r) };
    const rev = r.int('revision', 0);
    if (rev !== undefined && rev > 0) out.revision = rev;
    return out;
  }
  return { verb: which === 'restart' ? 'rollout-restart' : which === 'pause' ? 'rollout-pause' : 'rollout-resume', target, ...common(r) };
}

function parseLabel(verb: 'label' | 'annotate', at: Word, args: Word[]): Command {
  const command = `kubectl ${verb}`;
  const f = parseFlags(args, [OVERWRITE, SELECTOR, ALL, NS, RECORD], command);
  noRest(f.rest, command);
  const r = new FlagReader(f);
  const [objs, changes] = splitAssignments(f.args, (w) => w.text.includes('=') || (w.text.endsWith('-') && !w.text.includes('/')));
  const target = parseTarget(objs, r, { selector: true, all: true }, command, at);
  const what = verb === 'label' ? 'label' : 'annotation';
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const w of changes) {
    const eq = w.text.indexOf('=');
    if (eq < 0) {
      remove.push(checkKey(w, w.text.slice(0, -1), what));
      continue;
    }
    const key = checkKey(w, w.text.slice(0, eq), what);
    const value = w.text.slice(eq + 1);
    if (verb === 'label') {
      const problem = labelValueProblem(value);
      if (problem !== undefined) throw new CommandError(problem, w.start + eq + 1);
    }
    set[key] = value;
  }
  if (changes.length === 0) throw new CommandError(`${command}: give at least one KEY=VALUE or KEY-`, at.start);
  const both = remove.find((k) => k in set);
  if (both !== undefined) throw new CommandError(`cannot both change and remove the ${what} ${JSON.stringify(both)} in the same command`, at.start);
  return { verb, target, set, remove, overwrite: r.bool('overwrite'), ...common(r) };
}

function parsePatch(at: Word, args: Word[]): Command {
  const command = 'kubectl patch';
  const f = parseFlags(args, [
    { long: 'patch', short: 'p', type: 'value', placeholder: 'PATCH' },
    { long: 'type', type: 'value', placeholder: 'strategic|merge|json' },
    NS, RECORD,
  ], command);
  noRest(f.rest, command);
  const r = new FlagReader(f);
  const t = parseTarget(f.args, r, { selector: false, all: false }, command, at);
  if (t.by !== 'name') throw new CommandError(`${command} needs TYPE NAME or TYPE/NAME`, at.start);
  const p = r.word('patch');
  if (p === undefined) throw new CommandError(`${command}: -p PATCH is required, e.g. -p '{"spec":{"replicas":3}}'`, at.start);
  const typeWord = r.word('type');
  const patchType = typeWord?.text ?? 'strategic';
  const value = parseYamlValue(p.text, 'the patch', p.start);
  const base = { verb: 'patch' as const, target: t, ...common(r) };
  if (patchType === 'strategic' || patchType === 'merge') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new CommandError(`a ${patchType} patch must be an object, e.g. '{"spec":{"replicas":3}}'`, p.start);
    }
    return { ...base, patchType, patch: value };
  }
  if (patchType === 'json') {
    if (!Array.isArray(value)) throw new CommandError(`a json patch must be a list of operations, e.g. '[{"op":"replace","path":"/spec/replicas","value":3}]'`, p.start);
    return { ...base, patchType, patch: value.map((op, i) => jsonPatchOp(op, i, p)) };
  }
  throw new CommandError(
    `invalid --type ${JSON.stringify(patchType)}${suggestionSuffix(patchType, ['strategic', 'merge', 'json'])}; choices: strategic, merge, json`,
    typeWord?.start,
  );
}

function jsonPatchOp(v: JsonValue, i: number, at: Word): JsonPatchOperation {
  const fail = (why: string): never => { throw new CommandError(`json patch operation ${i}: ${why}`, at.start); };
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail('must be an object with "op" and "path"');
  const o = v;
  const pointer = (k: 'path' | 'from'): string => {
    const s = o[k];
    if (typeof s !== 'string' || (s !== '' && !s.startsWith('/'))) return fail(`"${k}" must be a JSON pointer such as "/spec/replicas"`);
    return s;
  };
  switch (o.op) {
    case 'add':
    case 'replace':
    case 'test':
      if (!('value' in o)) fail(`"${o.op}" needs a "value"`);
      return { op: o.op, path: pointer('path'), value: o.value! };
    case 'remove':
      return { op: 'remove', path: pointer('path') };
    case 'move':
    case 'copy':
      return { op: o.op, from: pointer('from'), path: pointer('path') };
    default:
      return fail(`unknown "op" ${JSON.stringify(o.op ?? null)}; choices: add, remove, replace, move, copy, test`);
  }
}

function parseAutoscale(at: Word, args: Word[]): Command {
  const command = 'kubectl autoscale';
  const f = parseFlags(args, [
    { long: 'min', type: 'value', placeholder: 'MINPODS' },
    { long: 'max', type: 'value', placeholder: 'MAXPODS' },
    { long: 'cpu-percent', type: 'value', placeholder: 'PERCENT' },
    { long: 'name', type: 'value', placeholder: 'NAME' },
    NS, RECORD,
  ], command);
  noRest(f.rest, command);
  const r = new FlagReader(f);
  const target = singleRef(f.args, r, { types: WORKLOADS_SCALABLE }, command, at);
  // kubectl's Validate: --max is required and at least 1; --max >= --min.
  const max = r.int('max');
  if (max === undefined || max < 1) {
    throw new CommandError(`${command}: --max=MAXPODS is required and must be at least 1${max === undefined ? '' : `, got ${max}`}`, (r.word('max') ?? at).start);
  }
  const min = r.int('min');
  if (min !== undefined && min < 1) throw new CommandError(`--min must be at least 1, got ${min}`, r.word('min')!.start);
  if (min !== undefined && max < min) {
    throw new CommandError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max-pods: ${max}, min-pods: ${min}`, r.word('max')!.start);
  }
  const out: Command = { verb: 'autoscale', target, max, ...common(r) };
  if (min !== undefined) out.min = min;
  const cpu = r.int('cpu-percent', 1);
  if (cpu !== undefined) out.cpuPercent = cpu;
  const name = r.word('name');
  if (name !== undefined) out.name = checkName(name);
  return out;
}

function parseDrain(at: Word, args: Word[]): Command {
  const command = 'kubectl drain';
  const f = parseFlags(args, [
    { long: 'ignore-daemonsets', type: 'bool' },
    { long: 'delete-emptydir-data', type: 'bool' },
    { long: 'delete-local-data', type: 'bool' },
    { long: 'force', type: 'bool' },
    { long: 'disable-eviction', type: 'bool' },
    { long: 'grace-period', type: 'value', placeholder: 'SECONDS' },
    { long: 'timeout', type: 'value', placeholder: 'DURATION' },
    { long: 'pod-selector', type: 'value', placeholder: 'SELECTOR' },
    SELECTOR,
  ], command);
  noRest(f.rest, command);
  const r = new FlagReader(f);
  const out: Command = {
    verb: 'drain',
    nodes: nodeTarget(f.args, r, at, false),
    ignoreDaemonsets: r.bool('ignore-daemonsets'),
    deleteEmptydirData: r.bool('delete-emptydir-data') || r.bool('delete-local-data'),
    force: r.bool('force'),
    disableEviction: r.bool('disable-eviction'),
  };
  const grace = r.int('grace-period', -1);
  if (grace !== undefined && grace >= 0) out.gracePeriodSeconds = grace;
  const timeout = r.duration('timeout');
  if (timeout !== undefined && timeout > 0) out.timeout = timeout;
  const ps = r.word('pod-selector');
  if (ps !== undefined) out.podSelector = parseLabelSelector(ps, '--pod-selector');
  return out;
}

const EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function parseTaint(at: Word, args: Word[]): Command {
  const command = 'kubectl taint';
  const f = parseFlags(args, [OVERWRITE, SELECTOR, ALL], command);
  noRest(f.rest, command);
  const r = new FlagReader(f);
  const typeWord = f.args[0];
  if (typeWord === undefined) throw new CommandError(`${command} needs: kubectl taint nodes NODE KEY=VALUE:EFFECT`, at.start);
  const isSpec = (w: Word): boolean => w.text.includes('=') || w.text.includes(':') || w.text.endsWith('-');
  let objArgs: Word[];
  if (typeWord.text.includes('/')) {
    objArgs = f.args.filter((w) => !isSpec(w));
    for (const w of objArgs) if (resolveResource(w.text.slice(0, w.text.indexOf('/')), w.start) !== 'nodes') throw new CommandError(`${command} only works on nodes`, w.start);
  } else {
    if (resolveResource(typeWord.text, typeWord.start) !== 'nodes') {
      throw new CommandError(`${command} only works on nodes: kubectl taint nodes NODE KEY=VALUE:EFFECT`, typeWord.start);
    }
    objArgs = f.args.slice(1).filter((w) => !isSpec(w));
  }
  const specs = f.args.filter(isSpec);
  const nodes = nodeTarget(objArgs, r, at, true);
  if (specs.length === 0) throw new CommandError(`${command}: give at least one taint, KEY=VALUE:EFFECT or KEY:EFFECT- to remove`, at.start);
  const add: Array<{ key: string; value?: string; effect: TaintEffect }> = [];
  const remove: Array<{ key: string; effect?: TaintEffect }> = [];
  for (const w of specs) {
    const removing = w.text.endsWith('-');
    const body = removing ? w.text.slice(0, -1) : w.text;
    const colon = body.lastIndexOf(':');
    const kv = colon < 0 ? body : body.slice(0, colon);
    const effectText = colon < 0 ? undefined : body.slice(colon + 1);
    let effect: TaintEffect | undefined;
    if (effectText !== undefined) {
      effect = EFFECTS.find((e) => e === effectText);
      if (effect === undefined) {
        throw new CommandError(
          `invalid taint effect ${JSON.stringify(effectText)}${suggestionSuffix(effectText, EFFECTS)}; choices: ${EFFECTS.join(', ')}`,
          w.start,
        );
      }
    }
    const eq = kv.indexOf('=');
    const key = checkKey(w, eq < 0 ? kv : kv.slice(0, eq), 'taint');
    if (removing) {
      remove.push(effect === undefined ? { key } : { key, effect });
      continue;
    }
    if (effect === undefined) throw new CommandError(`taint ${JSON.stringify(w.text)} needs an effect: KEY=VALUE:EFFECT (${EFFECTS.join(', ')})`, w.start);
    if (eq < 0) add.push({ key, effect });
    else {
      const value = kv.slice(eq + 1);
      const problem = labelValueProblem(value);
      if (problem !== undefined) throw new CommandError(problem.replace('label value', 'taint value'), w.start);
      add.push({ key, value, effect });
    }
  }
  const clash = add.find((a) => remove.some((x) => x.key === a.key && (x.effect === undefined || x.effect === a.effect)));
  if (clash !== undefined) throw new CommandError(`cannot both add and remove the taint ${clash.key}:${clash.effect} in the same command`, at.start);
  return { verb: 'taint', nodes, add, remove, overwrite: r.bool('overwrite') };
}

const OUTPUT: FlagSpec = { long: 'output', short: 'o', type: 'value', placeholder: 'wide|json|yaml|name' };
const ALL_NAMESPACES: FlagSpec = { long: 'all-namespaces', short: 'A', type: 'bool' };
const SHOW_LABELS: FlagSpec = { long: 'show-labels', type: 'bool' };
/** `--watch`: a timeline prints once; the stream is `k8sim run --watch pods|events`. */
const WATCH: FlagSpec = { long: 'watch', short: 'w', type: 'bool' };
const GET_OUTPUTS: readonly GetOutput[] = ['wide', 'json', 'yaml', 'name'];

function parseGet(at: Word, args: Word[]): Command {
  const command = 'kubectl get';
  const f = parseFlags(args, [NS, SELECTOR, OUTPUT, ALL_NAMESPACES, SHOW_LABELS, WATCH], command);
  noRest(f.rest, command);
  const r = new FlagReader(f);
  if (f.args.length === 0) {
    throw new CommandError(`"${command}" needs a resource type: kubectl get TYPE [NAME…] (TYPE: pods, deployments, services, nodes, …)`, at.start);
  }
  const target = parseTarget(f.args, r, { selector: true, all: false, typeAloneMeansAll: true }, command, at);
  const out: GetCommand = { verb: 'get', target, ...common(r) };
  const o = r.word('output');
  if (o !== undefined) {
    if (!(GET_OUTPUTS as readonly string[]).includes(o.text)) {
      throw new CommandError(`unsupported output format ${JSON.stringify(o.text)}${suggestionSuffix(o.text, GET_OUTPUTS)}; -o takes ${GET_OUTPUTS.join(', ')}`, o.start);
    }
    out.output = o.text as GetOutput;
  }
  if (r.bool('all-namespaces')) {
    if (target.by === 'name') throw new CommandError('a resource cannot be retrieved by name across all namespaces', at.start);
    out.allNamespaces = true;
  }
  if (r.bool('show-labels')) out.showLabels = true;
  return out;
}

function parseDescribe(at: Word, args: Word[]): Command {
  const command = 'kubectl describe';
  const f = parseFlags(args, [NS, SELECTOR, ALL_NAMESPACES], command);
  noRest(f.rest, command);
  const r = new FlagReader(f);
  if (f.args.length === 0) throw new CommandError(`"${command}" needs a resource type: kubectl describe TYPE [NAME…]`, at.start);
  const target = parseTarget(f.args, r, { selector: true, all: false, typeAloneMeansAll: true }, command, at);
  const out: DescribeCommand = { verb: 'describe', target, ...common(r) };
  if (r.bool('all-namespaces')) {
    if (target.by === 'name') throw new CommandError('a resource cannot be retrieved by name across all namespaces', at.start);
    out.allNamespaces = true;
  }
  return out;
}

function parseReadOnly(verb: 'logs', args: Word[]): Command {
  // Printed, not applied: keep the words; only pick out the namespace.
  const out: Command = { verb, args: args.map((w) => w.text) };
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    const m = /^(?:--namespace|-n)=?(.*)$/.exec(t);
    if (m === null) continue;
    const ns = m[1] !== '' ? m[1] : args[i + 1]?.text;
    if (ns !== undefined) out.namespace = ns;
  }
  return out;
}

