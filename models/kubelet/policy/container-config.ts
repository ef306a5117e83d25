// The parts of the kubelet that can fail on a manifest's ConfigMap and Secret references:
// environment (makeEnvironmentVariables in generateContainerConfig) — a missing object or key
// not marked optional fails container creation with upstream's text, reported as
// CreateContainerConfigError; envFrom is read before env, in order, as upstream — and
// configMap/secret volumes (the volume plugins' SetUp), whose failure keeps the pod in
// ContainerCreating with a FailedMount event.

/** What the kubelet can see of a ConfigMap or Secret: its keys (Secret stringData counts). */
export interface ConfigSource {
  configMap(namespace: string, name: string): ReadonlySet<string> | undefined;
  secret(namespace: string, name: string): ReadonlySet<string> | undefined;
}

interface Ref { name?: unknown; key?: unknown; optional?: unknown }

const isRec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The error upstream returns for the container's environment, or undefined when it resolves. */
export function containerConfigError(
  container: { env?: unknown; envFrom?: unknown },
  namespace: string,
  source: ConfigSource,
): string | undefined {
  const envFrom = Array.isArray(container.envFrom) ? container.envFrom : [];
  for (const e of envFrom) {
    if (!isRec(e)) continue;
    for (const [field, kind] of [['configMapRef', 'configmap'], ['secretRef', 'secret']] as const) {
      const ref = e[field] as Ref | undefined;
      if (!isRec(ref)) continue;
      const name = String(ref.name ?? '');
      const keys = kind === 'configmap' ? source.configMap(namespace, name) : source.secret(namespace, name);
      if (!keys && ref.optional !== true) return `${kind} "${name}" not found`;
    }
  }
  const env = Array.isArray(container.env) ? container.env : [];
  for (const e of env) {
    if (!isRec(e) || !isRec(e.valueFrom)) continue;
    for (const [field, kind, title] of [['configMapKeyRef', 'configmap', 'ConfigMap'], ['secretKeyRef', 'secret', 'Secret']] as const) {
      const ref = e.valueFrom[field] as Ref | undefined;
      if (!isRec(ref)) continue;
      const name = String(ref.name ?? '');
      const key = String(ref.key ?? '');
      const optional = ref.optional === true;
      const keys = kind === 'configmap' ? source.configMap(namespace, name) : source.secret(namespace, name);
      if (!keys) {
        if (optional) continue;
        return `${kind} "${name}" not found`;
      }
      if (!keys.has(key) && !optional) return `couldn't find key ${key} in ${title} ${namespace}/${name}`;
    }
  }
  return undefined;
}

/**
 * The first configMap/secret volume that cannot be set up, as the kubelet's FailedMount event
 * words it (`MountVolume.SetUp failed for volume "config" : configmap "app" not found`).
 */
export function volumeSetUpError(volumes: unknown, namespace: string, source: ConfigSource): string | undefined {
  if (!Array.isArray(volumes)) return undefined;
  for (const v of volumes) {
    if (!isRec(v)) continue;
    const vol = String(v.name ?? '');
    let err: string | undefined;
    if (isRec(v.configMap)) {
      const name = String(v.configMap.name ?? '');
      err = volumeSourceError(source.configMap(namespace, name), `configmap "${name}" not found`, v.configMap, 'configmap');
    } else if (isRec(v.secret)) {
      const name = String(v.secret.secretName ?? '');
      err = volumeSourceError(source.secret(namespace, name), `secret "${name}" not found`, v.secret, 'secret');
    }
    if (err !== undefined) return `MountVolume.SetUp failed for volume "${vol}" : ${err}`;
  }
  return undefined;
}

function volumeSourceError(keys: ReadonlySet<string> | undefined, notFound: string, src: Record<string, unknown>, kind: string): string | undefined {
  const optional = src.optional === true;
  if (!keys) return optional ? undefined : notFound;
  // Listed items must name existing keys unless the source is optional.
  const items = Array.isArray(src.items) ? src.items : [];
  for (const it of items) {
    const key = isRec(it) ? String(it.key ?? '') : '';
    if (!keys.has(key) && !optional) return `${kind} references non-existent ${kind === 'configmap' ? 'config' : 'secret'} key: ${key}`;
  }
  return undefined;
}
