import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCommand, CommandError, type Command } from '../../scenarios/kubectl/index.js';

const dep = (name: string) => ({ by: 'name' as const, refs: [{ resource: 'deployments' as const, name }] });
const rs = (name: string) => ({ by: 'name' as const, refs: [{ resource: 'replicasets' as const, name }] });

// [line, expected command, hasManifest?]
const ok: Array<[string, Command, boolean?]> = [
  // ---- apply / create ----
  ['kubectl apply -f -', { verb: 'apply' }, true],
  ['k apply -f - -n shop', { verb: 'apply', namespace: 'shop' }, true],
  ['kubectl apply --filename=- --record', { verb: 'apply', record: true }, true],
  ['kubectl create -f -', { verb: 'create' }, true],
  ['kubectl create -f - --save-config', { verb: 'create' }, true],
  ['kubectl create deployment web --image=nginx:1.25', { verb: 'create-deployment', name: 'web', images: ['nginx:1.25'], replicas: 1 }],
  ['kubectl create deploy web --image nginx --replicas 3 --port=80 -n shop',
    { verb: 'create-deployment', name: 'web', images: ['nginx'], replicas: 3, port: 80, namespace: 'shop' }],
  ['kubectl create deployment web --image=nginx --image=redis', { verb: 'create-deployment', name: 'web', images: ['nginx', 'redis'], replicas: 1 }],
  ['kubectl create deployment app --image=busybox -- date', { verb: 'create-deployment', name: 'app', images: ['busybox'], replicas: 1, command: ['date'] }],
  ['kubectl create job pi --image=perl -- perl -Mbignum=bpi -wle "print bpi(2000)"',
    { verb: 'create-job', name: 'pi', from: { kind: 'image', image: 'perl', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] } }],
  ['kubectl create job once --image=busybox', { verb: 'create-job', name: 'once', from: { kind: 'image', image: 'busybox' } }],
  ['kubectl create job now --from=cronjob/nightly', { verb: 'create-job', name: 'now', from: { kind: 'cronjob', name: 'nightly' } }],
  ['kubectl create job now --from=cj/nightly -n ops', { verb: 'create-job', name: 'now', from: { kind: 'cronjob', name: 'nightly' }, namespace: 'ops' }],
  ['kubectl create namespace shop', { verb: 'create-namespace', name: 'shop' }],
  ['kubectl create ns shop', { verb: 'create-namespace', name: 'shop' }],

  // ---- delete ----
  ['kubectl delete pods webserver', { verb: 'delete', target: { by: 'name', refs: [{ resource: 'pods', name: 'webserver' }] }, cascade: 'background', force: false, ignoreNotFound: false }],
  ['kubectl delete po a b', { verb: 'delete', target: { by: 'name', refs: [{ resource: 'pods', name: 'a' }, { resource: 'pods', name: 'b' }] }, cascade: 'background', force: false, ignoreNotFound: false }],
  ['kubectl delete deploy/web svc/web', { verb: 'delete', target: { by: 'name', refs: [{ resource: 'deployments', name: 'web' }, { resource: 'services', name: 'web' }] }, cascade: 'background', force: false, ignoreNotFound: false }],
  ['kubectl delete deploy,svc web', { verb: 'delete', target: { by: 'name', refs: [{ resource: 'deployments', name: 'web' }, { resource: 'services', name: 'web' }] }, cascade: 'background', force: false, ignoreNotFound: false }],
  ['kubectl delete pods -l app=web,tier!=db', { verb: 'delete', target: { by: 'selector', resources: ['pods'], selector: [{ key: 'app', operator: '=', values: ['web'] }, { key: 'tier', operator: '!=', values: ['db'] }], selectorText: 'app=web,tier!=db' }, cascade: 'background', force: false, ignoreNotFound: false }],
  ["kubectl delete pods --selector 'env in (a,b)'", { verb: 'delete', target: { by: 'selector', resources: ['pods'], selector: [{ key: 'env', operator: 'in', values: ['a', 'b'] }], selectorText: 'env in (a,b)' }, cascade: 'background', force: false, ignoreNotFound: false }],
  ['kubectl delete pods --all -n shop', { verb: 'delete', target: { by: 'all', resources: ['pods'] }, cascade: 'background', force: false, ignoreNotFound: false, namespace: 'shop' }],
  ['kubectl delete -f -', { verb: 'delete', target: { by: 'manifest' }, cascade: 'background', force: false, ignoreNotFound: false }, true],
  ['kubectl delete rs web --cascade=orphan', { verb: 'delete', target: rs('web'), cascade: 'orphan', force: false, ignoreNotFound: false }],
  ['kubectl delete rs web --cascade=foreground', { verb: 'delete', target: rs('web'), cascade: 'foreground', force: false, ignoreNotFound: false }],
  ['kubectl delete rs web --cascade', { verb: 'delete', target: rs('web'), cascade: 'background', force: false, ignoreNotFound: false }],
  ['kubectl delete rs web --cascade=true', { verb: 'delete', target: rs('web'), cascade: 'background', force: false, ignoreNotFound: false }],
  ['kubectl delete rs web --cascade=false', { verb: 'delete', target: rs('web'), cascade: 'orphan', force: false, ignoreNotFound: false }],
  ['kubectl delete pod p --grace-period=30', { verb: 'delete', target: { by: 'name', refs: [{ resource: 'pods', name: 'p' }] }, cascade: 'background', force: false, ignoreNotFound: false, gracePeriodSeconds: 30 }],
  // kubectl: --grace-period=0 without --force becomes 1; --force alone is 0; --now is 1.
  ['kubectl delete pod p --grace-period=0', { verb: 'delete', target: { by: 'name', refs: [{ resource: 'pods', name: 'p' }] }, cascade: 'background', force: false, ignoreNotFound: false, gracePeriodSeconds: 1 }],
  ['kubectl delete pod p --grace-period=0 --force', { verb: 'delete', target: { by: 'name', refs: [{ resource: 'pods', name: 'p' }] }, cascade: 'background', force: true, ignoreNotFound: false, gracePeriodSeconds: 0 }],
  ['kubectl delete pod p --force', { verb: 'delete', target: { by: 'name', refs: [{ resource: 'pods', name: 'p' }] }, cascade: 'background', force: true, ignoreNotFound: false, gracePeriodSeconds: 0 }],
  ['kubectl delete pod p --now', { verb: 'delete', target: { by: 'name', refs: [{ resource: 'pods', name: 'p' }] }, cascade: 'background', force: false, ignoreNotFound: false, gracePeriodSeconds: 1 }],
  ['kubectl delete pod p --ignore-not-found --wait=false', { verb: 'delete', target: { by: 'name', refs: [{ resource: 'pods', name: 'p' }] }, cascade: 'background', force: false, ignoreNotFound: true }],
  ['kubectl delete Deployment.apps web', { verb: 'delete', target: dep('web'), cascade: 'background', force: false, ignoreNotFound: false }],

  // ---- scale ----
  ['kubectl scale deploy/web --replicas=5', { verb: 'scale', target: dep('web'), replicas: 5 }],
  ['kubectl scale deployment web --replicas 0', { verb: 'scale', target: dep('web'), replicas: 0 }],
  ['kubectl scale sts/db --replicas=3 --current-replicas=2 -n data', { verb: 'scale', target: { by: 'name', refs: [{ resource: 'statefulsets', name: 'db' }] }, replicas: 3, currentReplicas: 2, namespace: 'data' }],
  ['kubectl scale rs -l app=web --replicas=1', { verb: 'scale', target: { by: 'selector', resources: ['replicasets'], selector: [{ key: 'app', operator: '=', values: ['web'] }], selectorText: 'app=web' }, replicas: 1 }],
  ['kubectl scale deploy --all --replicas=1', { verb: 'scale', target: { by: 'all', resources: ['deployments'] }, replicas: 1 }],
  ['kubectl scale deploy/web --namespace=shop --replicas=6 --record', { verb: 'scale', target: dep('web'), replicas: 6, namespace: 'shop', record: true }],

  // ---- set ----
  ['kubectl set image deployment/web web=nginx:1.25', { verb: 'set-image', target: dep('web'), images: [{ container: 'web', image: 'nginx:1.25' }] }],
  ["kubectl set image deploy web '*=nginx:1.25' sidecar=envoy:1.30", { verb: 'set-image', target: dep('web'), images: [{ container: '*', image: 'nginx:1.25' }, { container: 'sidecar', image: 'envoy:1.30' }] }],
  ['kubectl set image pods -l app=web app=nginx', { verb: 'set-image', target: { by: 'selector', resources: ['pods'], selector: [{ key: 'app', operator: '=', values: ['web'] }], selectorText: 'app=web' }, images: [{ container: 'app', image: 'nginx' }] }],
  ['kubectl set resources deploy/web --requests=cpu=100m,memory=128Mi --limits=cpu=200m',
    { verb: 'set-resources', target: dep('web'), containers: '*', requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m' } }],
  ['kubectl set resources deploy web -c app --limits=memory=1Gi,nvidia.com/gpu=1',
    { verb: 'set-resources', target: dep('web'), containers: 'app', requests: {}, limits: { memory: '1Gi', 'nvidia.com/gpu': '1' } }],
  ['kubectl set env deploy/web LOG=debug MODE=fast OLD-', { verb: 'set-env', target: dep('web'), containers: '*', set: [{ name: 'LOG', value: 'debug' }, { name: 'MODE', value: 'fast' }], unset: ['OLD'], overwrite: true }],
  ['kubectl set env deploy/web -e A=1 -c app --overwrite=false', { verb: 'set-env', target: dep('web'), containers: 'app', set: [{ name: 'A', value: '1' }], unset: [], overwrite: false }],
  ['kubectl set env deploy/web "GREETING=hello world" EMPTY=', { verb: 'set-env', target: dep('web'), containers: '*', set: [{ name: 'GREETING', value: 'hello world' }, { name: 'EMPTY', value: '' }], unset: [], overwrite: true }],

  // ---- set-field / edit ----
  ['set-field deploy/web spec.template.spec.containers[0].image=httpd:2.4 spec.replicas=6',
    { verb: 'set-field', target: { resource: 'deployments', name: 'web' }, fields: [
      { path: ['spec', 'template', 'spec', 'containers', 0, 'image'], value: 'httpd:2.4' },
      { path: ['spec', 'replicas'], value: 6 },
    ] }],
  ['set-field deployment web spec.paused=true -n shop', { verb: 'set-field', target: { resource: 'deployments', name: 'web' }, fields: [{ path: ['spec', 'paused'], value: true }], namespace: 'shop' }],
  [`set-field rs/web 'metadata.labels["app.kubernetes.io/name"]=web'`, { verb: 'set-field', target: { resource: 'replicasets', name: 'web' }, fields: [{ path: ['metadata', 'labels', 'app.kubernetes.io/name'], value: 'web' }] }],
  [`set-field cm/conf 'data.port="8080"'`, { verb: 'set-field', target: { resource: 'configmaps', name: 'conf' }, fields: [{ path: ['data', 'port'], value: '8080' }] }],
  ['kubectl set-field deploy/web spec.replicas=2', { verb: 'set-field', target: { resource: 'deployments', name: 'web' }, fields: [{ path: ['spec', 'replicas'], value: 2 }] }],
  ['kubectl edit deployment apache-deployment --field spec.template.spec.containers[0].image=httpd:2.4',
    { verb: 'set-field', target: { resource: 'deployments', name: 'apache-deployment' }, fields: [{ path: ['spec', 'template', 'spec', 'containers', 0, 'image'], value: 'httpd:2.4' }] }],
  ['kubectl edit rs/web --field=spec.replicas=6 --field spec.minReadySeconds=5',
    { verb: 'set-field', target: { resource: 'replicasets', name: 'web' }, fields: [{ path: ['spec', 'replicas'], value: 6 }, { path: ['spec', 'minReadySeconds'], value: 5 }] }],

  // ---- rollout ----
  ['kubectl rollout undo deploy/web', { verb: 'rollout-undo', target: dep('web') }],
  ['kubectl rollout undo deploy/web --to-revision=0', { verb: 'rollout-undo', target: dep('web') }],
  ['kubectl rollout undo ds/agent --to-revision=3', { verb: 'rollout-undo', target: { by: 'name', refs: [{ resource: 'daemonsets', name: 'agent' }] }, toRevision: 3 }],
  ['kubectl rollout restart deploy/web', { verb: 'rollout-restart', target: dep('web') }],
  ['kubectl rollout restart deployment -n shop', { verb: 'rollout-restart', target: { by: 'all', resources: ['deployments'] }, namespace: 'shop' }],
  ['kubectl rollout restart sts -l app=db', { verb: 'rollout-restart', target: { by: 'selector', resources: ['statefulsets'], selector: [{ key: 'app', operator: '=', values: ['db'] }], selectorText: 'app=db' } }],
  ['kubectl rollout pause deploy/web', { verb: 'rollout-pause', target: dep('web') }],
  ['kubectl rollout resume deploy/web', { verb: 'rollout-resume', target: dep('web') }],
  ['kubectl rollout status deploy/web -w --timeout=5m', { verb: 'rollout-status', target: dep('web') }],
  ['kubectl rollout history deploy/web --revision=2', { verb: 'rollout-history', target: dep('web'), revision: 2 }],

  // ---- label / annotate ----
  ['kubectl label pods web-44cjb role=isolated --overwrite', { verb: 'label', target: { by: 'name', refs: [{ resource: 'pods', name: 'web-44cjb' }] }, set: { role: 'isolated' }, remove: [], overwrite: true }],
  ['kubectl label no/n1 disk=ssd zone-', { verb: 'label', target: { by: 'name', refs: [{ resource: 'nodes', name: 'n1' }] }, set: { disk: 'ssd' }, remove: ['zone'], overwrite: false }],
  ['kubectl label pods --all app.kubernetes.io/part-of=shop', { verb: 'label', target: { by: 'all', resources: ['pods'] }, set: { 'app.kubernetes.io/part-of': 'shop' }, remove: [], overwrite: false }],
  ["kubectl annotate deploy web 'note=free text, with spaces' old-", { verb: 'annotate', target: dep('web'), set: { note: 'free text, with spaces' }, remove: ['old'], overwrite: false }],

  // ---- patch ----
  [`kubectl patch deploy web -p '{"spec":{"replicas":3}}'`, { verb: 'patch', target: dep('web'), patchType: 'strategic', patch: { spec: { replicas: 3 } } }],
  [`kubectl patch deploy/web --type=merge -p 'spec: {paused: true}'`, { verb: 'patch', target: dep('web'), patchType: 'merge', patch: { spec: { paused: true } } }],
  [`kubectl patch deploy/web --type json --patch '[{"op":"replace","path":"/spec/replicas","value":4},{"op":"remove","path":"/spec/paused"},{"op":"copy","from":"/a","path":"/b"}]'`,
    { verb: 'patch', target: dep('web'), patchType: 'json', patch: [
      { op: 'replace', path: '/spec/replicas', value: 4 }, { op: 'remove', path: '/spec/paused' }, { op: 'copy', from: '/a', path: '/b' },
    ] }],

  // ---- autoscale ----
  ['kubectl autoscale deploy/web --max=10', { verb: 'autoscale', target: { resource: 'deployments', name: 'web' }, max: 10 }],
  ['kubectl autoscale deploy web --min=2 --max=2 --cpu-percent=50 --name=web-hpa -n shop',
    { verb: 'autoscale', target: { resource: 'deployments', name: 'web' }, min: 2, max: 2, cpuPercent: 50, name: 'web-hpa', namespace: 'shop' }],

  // ---- nodes ----
  ['kubectl cordon node-3', { verb: 'cordon', nodes: { by: 'name', names: ['node-3'] } }],
  ['kubectl uncordon node/node-3', { verb: 'uncordon', nodes: { by: 'name', names: ['node-3'] } }],
  ['kubectl cordon -l pool=spot', { verb: 'cordon', nodes: { by: 'selector', selector: [{ key: 'pool', operator: '=', values: ['spot'] }], selectorText: 'pool=spot' } }],
  ['kubectl drain node-3', { verb: 'drain', nodes: { by: 'name', names: ['node-3'] }, ignoreDaemonsets: false, deleteEmptydirData: false, force: false, disableEviction: false }],
  ['kubectl drain node-3 --ignore-daemonsets --delete-emptydir-data --force --grace-period=10 --timeout=2m --pod-selector=app!=critical',
    { verb: 'drain', nodes: { by: 'name', names: ['node-3'] }, ignoreDaemonsets: true, deleteEmptydirData: true, force: true, disableEviction: false,
      gracePeriodSeconds: 10, timeout: 120_000, podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['critical'] }] } }],
  ['kubectl drain node-3 --delete-local-data --disable-eviction --timeout=0s', { verb: 'drain', nodes: { by: 'name', names: ['node-3'] }, ignoreDaemonsets: false, deleteEmptydirData: true, force: false, disableEviction: true }],
  ['kubectl taint nodes node-1 dedicated=gpu:NoSchedule', { verb: 'taint', nodes: { by: 'name', names: ['node-1'] }, add: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], remove: [], overwrite: false }],
  ['kubectl taint node node-1 spot:PreferNoSchedule --overwrite', { verb: 'taint', nodes: { by: 'name', names: ['node-1'] }, add: [{ key: 'spot', effect: 'PreferNoSchedule' }], remove: [], overwrite: true }],
  ['kubectl taint no node-1 dedicated:NoSchedule- spot-', { verb: 'taint', nodes: { by: 'name', names: ['node-1'] }, add: [], remove: [{ key: 'dedicated', effect: 'NoSchedule' }, { key: 'spot' }], overwrite: false }],
  ['kubectl taint nodes/node-1 k=v:NoExecute', { verb: 'taint', nodes: { by: 'name', names: ['node-1'] }, add: [{ key: 'k', value: 'v', effect: 'NoExecute' }], remove: [], overwrite: false }],
  ['kubectl taint nodes -l pool=gpu gpu=true:NoSchedule', { verb: 'taint', nodes: { by: 'selector', selector: [{ key: 'pool', operator: '=', values: ['gpu'] }], selectorText: 'pool=gpu' }, add: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }], remove: [], overwrite: false }],
  ['kubectl taint nodes --all maintenance:NoExecute', { verb: 'taint', nodes: { by: 'all' }, add: [{ key: 'maintenance', effect: 'NoExecute' }], remove: [], overwrite: false }],

  // ---- read-only ----
  ['kubectl get pods -o wide', { verb: 'get', target: { by: 'all', resources: ['pods'] }, output: 'wide' }],
  ['kubectl get pods --watch -n shop', { verb: 'get', target: { by: 'all', resources: ['pods'] }, namespace: 'shop' }],
  ['kubectl get deploy,svc -l app=web -A --show-labels', {
    verb: 'get', target: { by: 'selector', resources: ['deployments', 'services'], selector: [{ key: 'app', operator: '=', values: ['web'] }], selectorText: 'app=web' },
    allNamespaces: true, showLabels: true,
  }],
  ['kubectl get sts/db pvc/data-db-0 -o yaml', {
    verb: 'get', target: { by: 'name', refs: [{ resource: 'statefulsets', name: 'db' }, { resource: 'persistentvolumeclaims', name: 'data-db-0' }] }, output: 'yaml',
  }],
  ['kubectl get sa,clusterroles,ing,netpol,crd -o name', {
    verb: 'get', target: { by: 'all', resources: ['serviceaccounts', 'clusterroles', 'ingresses', 'networkpolicies', 'customresourcedefinitions'] }, output: 'name',
  }],
  ['kubectl describe pods webserver', { verb: 'describe', target: { by: 'name', refs: [{ resource: 'pods', name: 'webserver' }] } }],
  ['kubectl describe deploy -A', { verb: 'describe', target: { by: 'all', resources: ['deployments'] }, allNamespaces: true }],
  ['kubectl logs say-something-fqjfd --namespace=batch', { verb: 'logs', args: ['say-something-fqjfd', '--namespace=batch'], namespace: 'batch' }],

  // ---- simulator actions ----
  ['node fail node-3', { verb: 'node-fail', node: 'node-3' }],
  ['node recover node-3', { verb: 'node-recover', node: 'node-3' }],
  ['node remove node-3', { verb: 'node-remove', node: 'node-3' }],
  ['node add general', { verb: 'node-add', pool: 'general', count: 1 }],
  ['node add gpu --count=4', { verb: 'node-add', pool: 'gpu', count: 4 }],
  ['node flap node-2 --down=30s --up=2m --times=3', { verb: 'node-flap', node: 'node-2', down: 30_000, up: 120_000, times: 3 }],
  ['zone fail eu-west-1a', { verb: 'zone-fail', zone: 'eu-west-1a' }],
  ['zone recover eu-west-1a', { verb: 'zone-recover', zone: 'eu-west-1a' }],
  ['note rollout of v2 starts', { verb: 'note', text: 'rollout of v2 starts' }],
  [`note "peak: 'x' traffic"`, { verb: 'note', text: "peak: 'x' traffic" }],
];

for (const [line, expected, hasManifest] of ok) {
  test(`parses ${line}`, () => {
    assert.equal(parseCommand(line, { hasManifest: hasManifest ?? false }), expected);
  });
}

// Every resource spelling kubectl accepts resolves to its plural.
const aliases: Array<[string, string]> = [
  ['pods', 'pods'], ['pod', 'pods'], ['po', 'pods'], ['deployments', 'deployments'], ['deployment', 'deployments'],
  ['deploy', 'deployments'], ['replicasets', 'replicasets'], ['replicaset', 'replicasets'], ['rs', 'replicasets'],
  ['statefulsets', 'statefulsets'], ['statefulset', 'statefulsets'], ['sts', 'statefulsets'], ['daemonsets', 'daemonsets'],
  ['daemonset', 'daemonsets'], ['ds', 'daemonsets'], ['jobs', 'jobs'], ['job', 'jobs'], ['cronjobs', 'cronjobs'],
  ['cronjob', 'cronjobs'], ['cj', 'cronjobs'], ['services', 'services'], ['service', 'services'], ['svc', 'services'],
  ['nodes', 'nodes'], ['node', 'nodes'], ['no', 'nodes'], ['namespaces', 'namespaces'], ['ns', 'namespaces'],
  ['hpa', 'horizontalpodautoscalers'], ['horizontalpodautoscalers', 'horizontalpodautoscalers'],
  ['resourcequotas', 'resourcequotas'], ['quota', 'resourcequotas'], ['limitranges', 'limitranges'], ['limits', 'limitranges'],
  ['priorityclasses', 'priorityclasses'], ['pc', 'priorityclasses'], ['pdb', 'poddisruptionbudgets'],
  ['poddisruptionbudgets', 'poddisruptionbudgets'], ['pvc', 'persistentvolumeclaims'],
  ['persistentvolumeclaims', 'persistentvolumeclaims'], ['configmaps', 'configmaps'], ['cm', 'configmaps'],
  ['endpoints', 'endpoints'], ['ep', 'endpoints'], ['Deployment', 'deployments'], ['deployments.apps', 'deployments'],
  ['jobs.batch', 'jobs'], ['hpa.autoscaling', 'horizontalpodautoscalers'], ['pc.scheduling.k8s.io', 'priorityclasses'],
];
for (const [spelling, plural] of aliases) {
  test(`resource alias ${spelling}`, () => {
    for (const line of [`kubectl delete ${spelling} x`, `kubectl delete ${spelling}/x`]) {
      const c = parseCommand(line, { hasManifest: false });
      assert.ok(c.verb === 'delete' && c.target.by === 'name');
      if (c.verb === 'delete' && c.target.by === 'name') assert.equal(c.target.refs, [{ resource: plural, name: 'x' }]);
    }
  });
}

// [line, message pattern, hasManifest?]
const bad: Array<[string, RegExp, boolean?]> = [
  ['', /empty command/],
  ['kubectl', /kubectl needs a verb/],
  ['kubectl sclae deploy/web --replicas=3', /unknown kubectl verb "sclae" \(did you mean "scale"\?\); supported: apply, create/],
  ['kubectl frobnicate', /unknown kubectl verb "frobnicate"; supported:/],
  ['kubectl run web --image=nginx', /kubectl run is not supported in a timeline: use `kubectl create deployment/],
  ['kubectl exec -it web -- /bin/bash', /containers in k8sim do not run commands: the one command modelled is `kill 1`/],
  ['kubectl exec web -- kill 7', /only PID 1 \(the container's main process\) exists in the model/],
  ['kubectl exec web -- kill -HUP 1', /signal "HUP" is not modelled; use TERM \(the default\), INT, QUIT or KILL/],
  ['kubectl exec web kill 1', /kubectl exec needs the command after "--"|unexpected argument/],
  ['kubectl exec deploy/web -- kill 1', /kubectl exec works on a pod/],
  ['scale deploy/web --replicas=3', /kubectl commands start with "kubectl": kubectl scale/],
  ['kubctl scale deploy/web', /unknown command "kubctl" \(did you mean "kubectl"\?\)/],
  ['sleep 30', /there is no `sleep`/],
  ['kubectl scale deploymnt/web --replicas=3', /unknown resource type "deploymnt" \(did you mean "deployment"\?\); known types: pods \(po\), deployments \(deploy\)/],
  ['kubectl delete pdos web', /unknown resource type "pdos" \(did you mean "pods"\?\)/],
  ['kubectl delete widgets web', /unknown resource type "widgets"; known types/],
  ['kubectl scale deploy/web --replica=3', /unknown flag --replica for "kubectl scale" \(did you mean "--replicas"\?\); its flags: --replicas=COUNT/],
  ['kubectl scale deploy/web -x 3 --replicas=3', /unknown flag -x for "kubectl scale"/],
  ['kubectl scale deploy/web', /kubectl scale: --replicas=COUNT is required/],
  ['kubectl scale deploy/web --replicas=-1', /invalid value -1 for --replicas: must be at least 0/],
  ['kubectl scale deploy/web --replicas=three', /invalid value "three" for --replicas: expected an integer/],
  ['kubectl scale deploy/web --replicas', /flag --replicas needs a value/],
  ['kubectl scale svc/web --replicas=3', /"kubectl scale" does not work on services; it works on: deployments \(deploy\), replicasets \(rs\), statefulsets \(sts\)/],
  ['kubectl scale job/web --replicas=3', /does not work on jobs/],
  ['kubectl scale deploy --replicas=3', /resource type "deploy" given, but no name, a label selector \(-l\), or --all/],
  ['kubectl scale --replicas=3', /needs the object: TYPE NAME or TYPE\/NAME \(TYPE: deployments/],
  ['kubectl scale deploy deploy/web --replicas=3', /no need to give a resource type as a separate argument/],
  ['kubectl scale deploy/web web2 --replicas=3', /when one argument is TYPE\/NAME, all must be/],
  ['kubectl scale deploy web -l app=web --replicas=3', /names cannot be given together with --selector/],
  ['kubectl delete pods --all -l app=web', /--all and --selector \(-l\) cannot be used together/],
  ['kubectl delete pods -l "app in (a"', /--selector: invalid selector "app in \(a": unable to parse requirement: found '', expected: ',' or '\)'/],
  ['kubectl delete pods', /no name, a label selector \(-l\), or --all/],
  ['kubectl delete', /needs the object/],
  ['kubectl delete pods Web_Server', /invalid name "Web_Server"/],
  ['kubectl delete jobs my-job cascade=false', /invalid name "cascade=false".*did you mean --cascade=false\?/],
  ['kubectl delete rs web --cascade=maybe', /invalid --cascade value "maybe": must be "background", "foreground" or "orphan"/],
  ['kubectl delete rs web --cascade=orphn', /did you mean "orphan"\?/],
  ['kubectl delete pod p --now --grace-period=5', /--now and --grace-period cannot be given together/],
  ['kubectl delete pod p --force=maybe', /invalid value "maybe" for --force: expected true or false/],
  ['kubectl delete pods -l app=web --dry-run=client', /--dry-run is not supported in a timeline/],
  ['kubectl apply -f - --dry-run=server', /--dry-run is not supported/, true],
  ['kubectl scale deploy/web --replicas=3 --dry-run', /--dry-run is not supported/],
  ['kubectl scale deploy/web --replicas=3 -o yaml', /--output\/-o is not supported on commands that change the cluster/],
  ['kubectl apply -f web.yaml', /-f web.yaml: only inline manifests are supported in timelines; write "kubectl apply -f -"/],
  ['kubectl apply -f apache_deployment.yaml --record', /only inline manifests are supported/],
  ['kubectl delete -f pods01.yaml', /only inline manifests are supported/],
  ['kubectl apply -f -', /reads the action's `manifest`, but this action has none/],
  ['kubectl apply', /kubectl apply needs -f -/, true],
  ['kubectl delete -f - pods web', /either -f - or resources to delete, not both/, true],
  ['kubectl scale deploy/web --replicas=3', /this action has a `manifest` but the command does not read it/, true],
  ['kubectl create deployment web', /kubectl create deployment: --image is required/],
  ['kubectl create deployment --image=nginx', /missing NAME: kubectl create deployment NAME/],
  ['kubectl create deployment web --image=a --image=b --port=80', /--port can only be used with a single --image/],
  ['kubectl create deployment web --image=nginx --port=70000', /must be at most 65535/],
  ['kubectl create job j', /give either --image or --from=cronjob\/NAME/],
  ['kubectl create job j --image=x --from=cronjob/c', /give either --image or --from/],
  ['kubectl create job j --from=deploy/web', /--from must name a cronjob/],
  ['kubectl create job j --from=cronjob/c -- date', /cannot give both --from and a command/],
  ['kubectl create namespace Shop', /invalid namespace name "Shop"/],
  ['kubectl create secret generic s', /kubectl create secret is not supported; use kubectl create deployment\|job\|namespace/],
  ['kubectl create deploymnt web --image=x', /did you mean "deployment"\?/],
  ['kubectl scale deploy/web --replicas=3 -- extra', /takes no arguments after "--"/],
  ['kubectl scale deploy/web --replicas=3 -n Shop', /invalid namespace "Shop"/],
  ['kubectl set image deploy/web', /give at least one CONTAINER=IMAGE/],
  ['kubectl set image deploy/web web=', /invalid image ""/],
  ['kubectl set image svc/web web=nginx', /"kubectl set image" does not work on services/],
  ['kubectl set image deploy/web web=nginx extra', /unexpected argument "extra": give the object first/],
  ['kubectl set imag deploy/web web=nginx', /unknown subcommand "imag" for "kubectl set" \(did you mean "image"\?\); choices: image, resources, env/],
  ['kubectl set', /kubectl set needs a subcommand: one of image, resources, env/],
  ['kubectl set resources deploy/web --requests=cpu=100m,memory=128Mib', /--requests memory: invalid quantity "128Mib"/],
  ['kubectl set resources deploy/web --limits=cpu=lots', /--limits cpu: invalid quantity "lots"/],
  ['kubectl set resources deploy/web --requests=cpu', /expected NAME=QUANTITY items/],
  ['kubectl set resources deploy/web --requests=cpus=1', /unknown resource "cpus" \(did you mean "cpu"\?\)/],
  ['kubectl set resources deploy/web --requests=cpu=500m --limits=cpu=200m', /requests.cpu 500m is more than limits.cpu 200m/],
  ['kubectl set resources deploy/web -c app', /give --requests and\/or --limits/],
  ['kubectl set resources deploy/web --requests=cpu=-1', /must not be negative/],
  ['kubectl set resources pods/web --requests=cpu=1', /does not work on pods/],
  ['kubectl set env deploy/web', /give at least one NAME=VALUE or NAME-/],
  ['kubectl set env deploy/web 1BAD=x', /invalid environment variable name "1BAD"/],
  ['kubectl set env deploy/web A=1 A-', /cannot both set and remove A/],
  ['set-field deploy/web', /set-field needs at least one PATH=VALUE/],
  ['set-field deploy/web status.replicas=3', /only spec, metadata \(labels, annotations\) and data can be changed; status is written by controllers/],
  ['set-field deploy/web metadata.name=x', /of metadata, only labels and annotations can be changed/],
  ['set-field deploy/web spec..replicas=3', /invalid field path "spec..replicas": empty key/],
  ['set-field deploy/web spec.containers[x].image=a', /neither an index nor a quoted key/],
  ['set-field deploy/web spec.containers[0.image=a', /unclosed "\["/],
  ['set-field deploy/web "spec.replicas={a: [}"', /value of spec.replicas is not valid JSON or YAML/],
  ['set-field deploy/a deploy/b spec.replicas=1', /works on exactly one object/],
  ['set-field deploy -l app=x spec.replicas=1', /unknown flag -l for "set-field"/],
  ['kubectl edit deployment apache-deployment', /kubectl edit opens an editor on a real cluster; in a timeline give the changes: kubectl edit TYPE\/NAME --field PATH=VALUE/],
  ['kubectl rollout', /kubectl rollout needs a subcommand: one of undo, restart, pause, resume, status, history/],
  ['kubectl rollout undoo deploy/web', /did you mean "undo"\?/],
  ['kubectl rollout undo deploy/web --to-revision=-2', /--to-revision: must be at least 0/],
  ['kubectl rollout undo rs/web', /"kubectl rollout undo" does not work on replicasets; it works on: deployments/],
  ['kubectl rollout pause sts/db', /"kubectl rollout pause" does not work on statefulsets; it works on: deployments \(deploy\)$/],
  ['kubectl rollout undo', /"kubectl rollout undo" needs the object: TYPE NAME or TYPE\/NAME \(TYPE: deployments \(deploy\), daemonsets \(ds\), statefulsets \(sts\)\)/],
  ['kubectl rollout undo deployment', /no name, a label selector \(-l\)/],
  ['kubectl rollout status deploy/web --timeout=soon', /--timeout: invalid duration "soon"/],
  ['kubectl label pods web', /kubectl label: give at least one KEY=VALUE or KEY-/],
  ['kubectl label pods web "role=not valid"', /invalid label value "not valid"/],
  ['kubectl label pods web bad_key!=x', /invalid label key "bad_key!"/],
  ['kubectl label pods web a=1 a-', /cannot both change and remove the label "a"/],
  ['kubectl annotate pods web "Bad Key=x"', /invalid annotation key "Bad Key"/],
  ['kubectl patch deploy web', /kubectl patch: -p PATCH is required/],
  [`kubectl patch deploy web -p '[1]'`, /a strategic patch must be an object/],
  [`kubectl patch deploy web -p '{"spec": '`, /the patch is not valid JSON or YAML/],
  [`kubectl patch deploy web --type=json -p '{"a":1}'`, /a json patch must be a list of operations/],
  [`kubectl patch deploy web --type=json -p '[{"op":"frob","path":"/a"}]'`, /json patch operation 0: unknown "op" "frob"/],
  [`kubectl patch deploy web --type=json -p '[{"op":"add","path":"/a"}]'`, /"add" needs a "value"/],
  [`kubectl patch deploy web --type=json -p '[{"op":"remove","path":"a"}]'`, /"path" must be a JSON pointer/],
  [`kubectl patch deploy web --type=strategc -p '{}'`, /invalid --type "strategc" \(did you mean "strategic"\?\); choices: strategic, merge, json/],
  ['kubectl patch deploy -l app=web -p {}', /unknown flag -l for "kubectl patch"/],
  ['kubectl autoscale deploy/web --min=2', /--max=MAXPODS is required and must be at least 1/],
  ['kubectl autoscale deploy/web --max=0', /--max=MAXPODS is required and must be at least 1, got 0/],
  ['kubectl autoscale deploy/web --min=5 --max=3', /--max=MAXPODS must be larger or equal to --min=MINPODS, max-pods: 3, min-pods: 5/],
  ['kubectl autoscale deploy/web --min=0 --max=3', /--min must be at least 1/],
  ['kubectl autoscale deploy/web --max=3 --cpu-percent=0', /--cpu-percent: must be at least 1/],
  ['kubectl autoscale ds/agent --max=3', /"kubectl autoscale" does not work on daemonsets/],
  ['kubectl autoscale deploy a b --max=3', /works on exactly one object/],
  ['kubectl cordon', /"kubectl cordon" needs a node/],
  ['kubectl cordon n1 -l pool=a', /cannot give both a node name and --selector/],
  ['kubectl drain n1 --timeout=5x', /--timeout: invalid duration "5x"/],
  ['kubectl drain n1 --delete-emptydir', /unknown flag --delete-emptydir for "kubectl drain" \(did you mean "--delete-emptydir-data"\?\)/],
  ['kubectl drain n1 --grace-period=soon', /invalid value "soon" for --grace-period/],
  ['kubectl taint nodes n1', /give at least one taint/],
  ['kubectl taint nodes n1 k=v', /taint "k=v" needs an effect/],
  ['kubectl taint nodes n1 k=v:NoSchedul', /invalid taint effect "NoSchedul" \(did you mean "NoSchedule"\?\)/],
  ['kubectl taint pods p k=v:NoSchedule', /only works on nodes/],
  ['kubectl taint nodes n1 k=v:NoSchedule k:NoSchedule-', /cannot both add and remove the taint k:NoSchedule/],
  ['node', /node needs a subcommand: one of fail, recover, add, remove, flap/],
  ['node explode n1', /unknown subcommand "explode" for "node"/],
  ['node fial n1', /did you mean "fail"\?/],
  ['node fail', /missing NODE: node fail NODE/],
  ['node fail n1 n2', /unexpected argument "n2": node fail NODE/],
  ['node add gpu --count=0', /--count: must be at least 1/],
  ['node flap n1 --down=30s --up=1m', /node flap: --times is required/],
  ['node flap n1 --down=30 --up=1m --times=2', /--down: invalid duration "30"/],
  ['node flap n1 --down=0 --up=1m --times=2', /--down must be longer than 0/],
  ['zone fail', /missing ZONE/],
  ['zone melt a', /unknown subcommand "melt" for "zone"/],
  ['note', /note needs text/],
  ['kubectl get pods | grep web', /"\|" is not supported/],
  ['kubectl get pods -o wid', /unsupported output format "wid" \(did you mean "wide"\?\); -o takes wide, json, yaml, name/],
  ['kubectl get pods --sort-by=.metadata.name', /unknown flag --sort-by for "kubectl get"/],
  ['kubectl get pods web -A', /a resource cannot be retrieved by name across all namespaces/],
  ['kubectl get', /"kubectl get" needs a resource type/],
  ['kubectl get wide', /unknown resource type "wide"/],
];

for (const [line, re, hasManifest] of bad) {
  test(`rejects ${JSON.stringify(line)}`, () => {
    try {
      parseCommand(line, { hasManifest: hasManifest ?? false });
    } catch (e) {
      assert.instance(e, CommandError);
      assert.match((e as Error).message, re);
      return;
    }
    assert.unreachable(`expected an error matching ${re}`);
  });
}

test('errors point at the word at fault', () => {
  const offsetOf = (line: string): number | undefined => {
    try {
      parseCommand(line, { hasManifest: false });
    } catch (e) {
      return (e as CommandError).offset;
    }
    return -1;
  };
  assert.is(offsetOf('kubectl scale deploy/web --replica=3'), 25);
  assert.is(offsetOf('kubectl scale deploymnt/web --replicas=3'), 14);
  assert.is(offsetOf('kubectl delete pods Web'), 20);
  assert.is(offsetOf('kubectl scale deploy/Web --replicas=3'), 21);
});

test.run();
