// The part of the kubelet's generateContainerConfig that can fail on a manifest: environment
// from ConfigMaps and Secrets (makeEnvironmentVariables). A missing object or key that is not
// marked optional fails container creation with upstream's error text, which the kubelet
// reports as CreateContainerConfigError. envFrom is read before env, in order, as upstream.

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
