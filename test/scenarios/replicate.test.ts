// kind: Replicate (scenarios/replicate.ts): N copies of its items with ${…} evaluated per copy,
// loading exactly as the same documents written out by hand; errors at the template's lines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../../scenarios/load.js';
import { buildScenario } from '../../scenarios/build.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { evaluate, ExprError, parseTemplate, render } from '../../scenarios/replicate-expr.js';

function errorsOf(text: string): string[] {
  try {
    loadScenarioText('s.yaml', text);
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  assert.unreachable('expected ScenarioErrors');
  return [];
}

const vars = (o: Record<string, number>) => new Map(Object.entries(o));

test('expressions: precedence, parentheses, unary minus, %, functions, str()', () => {
  const table: Array<[string, Record<string, number>, number | string]> = [
    ['i', { i: 7 }, 7],
    ['i * 2 + 1', { i: 3 }, 7],
    ['1 + i * 2', { i: 3 }, 7],
    ['(1 + i) * 2', { i: 3 }, 8],
    ['i % 24', { i: 50 }, 2],
    ['i / 4', { i: 10 }, 2.5],
    ['floor(i / 4)', { i: 10 }, 2],
    ['ceil(i / 4)', { i: 10 }, 3],
    ['round(i * 24 / 1000 * 100) / 100', { i: 1 }, 0.02],
    ['-i + 10', { i: 3 }, 7],
    ['- - i', { i: 3 }, 3],
    ['min(i, 5, 9)', { i: 7 }, 5],
    ['max(i, 5)', { i: 7 }, 7],
    ['i + j * 10', { i: 1, j: 2 }, 21],
    ['str(i + 1)', { i: 4 }, '5'],
    ['  i  ', { i: 4 }, 4],
  ];
  for (const [src, v, want] of table) assert.is(evaluate(src, vars(v)), want, src);
});

test('expressions: each mistake is one reason', () => {
  const table: Array<[string, RegExp]> = [
    ['k', /unknown variable "k" \(defined here: i\)/],
    ['foo(i)', /unknown function "foo" \(known: floor, ceil, round, min, max, str\)/],
    ['i +', /ends too early/],
    ['i 2', /unexpected "2" at character 3/],
    ['(i', /expected "\)" at the end/],
    ['i / 0', /division by zero/],
    ['i % (i - i)', /division by zero/],
    ['str(i) + 1', /needs a number, not the string "3"/],
    ['floor(1, 2)', /floor\(\) takes 1 argument\(s\), not 2/],
    ['i & 1', /unexpected "&" at character 3/],
  ];
  for (const [src, re] of table) {
    try {
      evaluate(src, vars({ i: 3 }));
      assert.unreachable(src);
    } catch (e) {
      assert.instance(e, ExprError, src);
      assert.match((e as Error).message, re, src);
    }
  }
});

test('templates: a lone ${…} keeps its type, text around it makes a string, $${ is a literal ${', () => {
  const v = vars({ i: 3 });
  assert.is(render(parseTemplate('${i * 2}')!, v), 6);
  assert.is(render(parseTemplate('web-${i}')!, v), 'web-3');
  assert.is(render(parseTemplate('${i}-${i + 1}')!, v), '3-4');
  assert.is(render(parseTemplate('${str(i)}')!, v), '3');
  assert.is(render(parseTemplate('cost $${HOME} ${i}')!, v), 'cost ${HOME} 3');
  assert.is(parseTemplate('no placeholder'), undefined);
  assert.throws(() => parseTemplate('web-${i'), /no closing "}"/);
});

const fleet = `apiVersion: k8sim/v1
kind: Replicate
metadata: {name: fleet}
spec:
  count: 3
  items:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: "web-\${i}"}
      spec:
        replicas: "\${i + 1}"
        selector: {matchLabels: {app: "web-\${i}"}}
        template:
          metadata: {labels: {app: "web-\${i}", shard: "\${str(i % 2)}"}}
          spec: {containers: [{name: c, image: "nginx:1.\${i}"}]}
    - apiVersion: v1
      kind: Service
      metadata: {name: "web-\${i}"}
      spec: {selector: {app: "web-\${i}"}, ports: [{port: 80}]}
    - apiVersion: k8sim/v1
      kind: Traffic
      metadata: {name: "traffic-\${i}"}
      spec:
        services:
          - {service: "web-\${i}", rate: {constant: "\${10 * (i + 1)}"}, cpuPerRequest: 5}
`;

function byHand(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web-${i}}
spec:
  replicas: ${i + 1}
  selector: {matchLabels: {app: web-${i}}}
  template:
    metadata: {labels: {app: web-${i}, shard: "${i % 2}"}}
    spec: {containers: [{name: c, image: "nginx:1.${i}"}]}`);
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: web-${i}}
spec: {selector: {app: web-${i}}, ports: [{port: 80}]}`);
    docs.push(`apiVersion: k8sim/v1
kind: Traffic
metadata: {name: traffic-${i}}
spec:
  services:
    - {service: web-${i}, rate: {constant: ${10 * (i + 1)}}, cpuPerRequest: 5}`);
  }
  return docs.join('\n---\n');
}

test('a Replicate loads as the same documents written out by hand, in order', () => {
  const a = loadScenarioText('a.yaml', fleet).documents.map((d) => [d.kind, d.name, d.body]);
  const b = loadScenarioText('b.yaml', byHand(3)).documents.map((d) => [d.kind, d.name, d.body]);
  assert.equal(a, b);
  assert.is(a.length, 9);
});

test('Traffic items merge: every copy gets its own services entry', () => {
  const cluster = 'apiVersion: k8sim/v1\nkind: Cluster\nmetadata: {name: c}\nspec: {nodePools: [{name: p, count: 2, cpu: "4", memory: 8Gi}]}\n---\n';
  const built = buildScenario(loadScenarioText('a.yaml', cluster + fleet));
  const services = built.traffic!.services.map((s) => [s.service, s.rate]);
  assert.equal(services, [['web-0', { base: { constant: 10 } }], ['web-1', { base: { constant: 20 } }], ['web-2', { base: { constant: 30 } }]]);
});

test('a copy points at its template: a schema error in copy i is at the template line, once', () => {
  const text = `apiVersion: k8sim/v1
kind: Replicate
spec:
  count: 50
  items:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: "w-\${i}"}
      spec:
        replicas: "\${i - 10}"
        selector: {matchLabels: {app: w}}
        template:
          metadata: {labels: {app: w}}
          spec: {containers: [{name: c, image: nginx}]}
`;
  const errs = errorsOf(text);
  // Copies 0..9 have negative replicas: one line at the template's place says it, and how many.
  assert.equal(errs, ['s.yaml:10:19: spec.replicas: must be >= 0, not -10 (in the Replicate copy i=0); 9 more copies fail here']);
});

test('Replicate mistakes: count, names that do not depend on the index, unknown fields, bad expressions', () => {
  const head = 'apiVersion: k8sim/v1\nkind: Replicate\n';
  const item = `    - apiVersion: v1\n      kind: ConfigMap\n      metadata: {name: "c-\${i}"}\n`;
  assert.equal(errorsOf(`${head}spec:\n  items:\n${item}`), ['s.yaml:4:3: spec.count: required field is missing']);
  assert.equal(errorsOf(`${head}spec:\n  count: 100001\n  items:\n${item}`), ['s.yaml:4:10: spec.count: must be an integer from 0 to 100,000, not 100001']);
  assert.equal(errorsOf(`${head}spec:\n  count: 2.5\n  items:\n${item}`), ['s.yaml:4:10: spec.count: must be an integer from 0 to 100,000, not 2.5']);
  assert.equal(errorsOf(`${head}spec:\n  count: 2\n  itemz: []\n  items:\n${item}`), ['s.yaml:5:3: spec.itemz: unknown field (did you mean "items"?)']);
  assert.equal(errorsOf(`${head}spec:\n  count: 2\n  items: []\n`), ['s.yaml:5:10: spec.items: must be a non-empty list of documents']);
  assert.equal(errorsOf(`${head}spec:\n  count: 2\n  items:\n    - apiVersion: v1\n      kind: ConfigMap\n      metadata: {name: fixed}\n`), [
    's.yaml:8:24: spec.items[0].metadata.name: must depend on i (e.g. "fixed-${i}"): the 2 copies would share one name',
  ]);
  assert.equal(errorsOf(`${head}spec:\n  count: 2\n  items:\n    - apiVersion: v1\n      kind: ConfigMap\n      metadata: {name: "c-\${j}"}\n`), [
    's.yaml:8:24: spec.items[0].metadata.name: "c-${j}": unknown variable "j" (defined here: i)',
  ]);
  assert.equal(errorsOf(`${head}spec:\n  count: 2\n  variable: round\n  items:\n${item}`), ['s.yaml:5:13: spec.variable: "round" is a function of the expressions; choose another name']);
});

test('nested Replicates: the inner one sees both indexes; a reused variable name is refused', () => {
  const text = `apiVersion: k8sim/v1
kind: Replicate
spec:
  count: 2
  variable: zone
  items:
    - apiVersion: k8sim/v1
      kind: Replicate
      spec:
        count: 3
        items:
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: "cm-\${zone}-\${i}"}
            data: {n: "\${str(zone * 10 + i)}"}
`;
  const docs = loadScenarioText('s.yaml', text).documents;
  assert.equal(docs.map((d) => d.name), ['cm-0-0', 'cm-0-1', 'cm-0-2', 'cm-1-0', 'cm-1-1', 'cm-1-2']);
  assert.equal(docs.map((d) => (d.body.data as { n: string }).n), ['0', '1', '2', '10', '11', '12']);
  const again = text.replace('count: 3', 'count: 3\n        variable: zone');
  assert.equal(errorsOf(again), ['s.yaml:11:19: spec.items[0].spec.variable: "zone" is already the variable of an enclosing Replicate; choose another name']);
});

test('a k8sim kind copied without a name is refused (the copies would share the default name)', () => {
  const text = `apiVersion: k8sim/v1
kind: Replicate
spec:
  count: 2
  items:
    - apiVersion: k8sim/v1
      kind: Traffic
      spec: {services: [{service: "s-\${i}", rate: {constant: 1}, cpuPerRequest: 1}]}
`;
  assert.equal(errorsOf(text), ['s.yaml:6:7: spec.items[0].metadata.name: required in a copied k8sim/v1 document (e.g. "traffic-${i}"): the 2 copies would share the default name']);
});

test('count 0 makes nothing; start moves the first index', () => {
  const mk = (count: number, start?: number) => `apiVersion: k8sim/v1
kind: Replicate
spec:
  count: ${count}${start === undefined ? '' : `\n  start: ${start}`}
  items:
    - {apiVersion: v1, kind: ConfigMap, metadata: {name: "cm-\${i}"}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other}
`;
  assert.equal(loadScenarioText('s.yaml', mk(0)).documents.map((d) => d.name), ['other']);
  assert.equal(loadScenarioText('s.yaml', mk(2, 5)).documents.map((d) => d.name), ['cm-5', 'cm-6', 'other']);
});

test('an expression evaluated again (its tokens cached) gives each copy its own value, and the same error every time', () => {
  for (let i = 0; i < 3; i++) assert.is(evaluate('round(i * 24 / 7 * 100) / 100', vars({ i })), Math.round(((i * 24) / 7) * 100) / 100);
  for (let k = 0; k < 2; k++) {
    try {
      evaluate('i $ 2', vars({ i: 1 }));
      assert.unreachable('refused');
    } catch (e) {
      assert.instance(e, ExprError);
      assert.is((e as Error).message, 'unexpected "$" at character 3');
    }
  }
});

test.run();
