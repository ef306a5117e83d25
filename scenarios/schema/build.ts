// Small builders for JSON Schema objects, so kind modules read like the API reference instead of
// pages of braces. Every object is closed (additionalProperties: false) unless it says otherwise:
// unknown fields are errors in k8sim, with a "did you mean".

/** A JSON Schema (draft-07) node. Values are plain JSON. */
export type JsonSchema = { [keyword: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export type Props = Record<string, JsonSchema>;

/** The name under which shared pieces are stored in the combined schema's `definitions`. */
export function ref(name: string, description?: string): JsonSchema {
  // draft-07 ignores siblings of $ref, so the description goes on an allOf wrapper.
  return description ? { description, allOf: [{ $ref: `#/definitions/${name}` }] } : { $ref: `#/definitions/${name}` };
}

export function obj(description: string, properties: Props, required: string[] = []): JsonSchema {
  const s: JsonSchema = { type: 'object', description, properties, additionalProperties: false };
  if (required.length > 0) s.required = required;
  return s;
}

/** A real Kubernetes field that k8sim does not model: any value is accepted. */
export function loose(description = 'Accepted for compatibility; not modelled by k8sim.'): JsonSchema {
  return { description };
}

export const str = (description: string): JsonSchema => ({ type: 'string', description });
export const bool = (description: string): JsonSchema => ({ type: 'boolean', description });
export const num = (description: string, minimum?: number, maximum?: number): JsonSchema => bounds({ type: 'number', description }, minimum, maximum);
/** int32, as the Kubernetes API's counts, ports and seconds are: 4294967296 replicas is refused at load, not run. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
export const int = (description: string, minimum = INT32_MIN, maximum = INT32_MAX): JsonSchema => bounds({ type: 'integer', description }, minimum, maximum);
/** int64 fields (seconds since, deadlines): bounded where a JavaScript number is still exact. */
export const int64 = (description: string, minimum = -Number.MAX_SAFE_INTEGER, maximum = Number.MAX_SAFE_INTEGER): JsonSchema =>
  bounds({ type: 'integer', description }, minimum, maximum);

function bounds(s: JsonSchema, minimum?: number, maximum?: number): JsonSchema {
  if (minimum !== undefined) s.minimum = minimum;
  if (maximum !== undefined) s.maximum = maximum;
  return s;
}

export const oneOfStrings = (values: string[], description: string): JsonSchema => ({ type: 'string', enum: values, description });
export const arr = (items: JsonSchema, description: string, minItems?: number): JsonSchema =>
  minItems === undefined ? { type: 'array', description, items } : { type: 'array', description, items, minItems };
export const strMap = (description: string): JsonSchema => ({ type: 'object', description, additionalProperties: { type: 'string' } });
export const strList = (description: string): JsonSchema => arr({ type: 'string' }, description);

/** A Kubernetes resource quantity ("500m", "1Gi", 2); checked with models/quantity. */
export const quantity = (description: string): JsonSchema => ({ type: ['string', 'number'], format: 'quantity', description });
export const quantityMap = (description: string): JsonSchema => ({ type: 'object', description, additionalProperties: quantity('A quantity.') });

/** A Go-style duration string ("250ms", "15s", "1h30m", "2d", "0"). */
export const duration = (description: string): JsonSchema => ({ type: 'string', format: 'duration', description });

/** IntOrString that must be an integer or a percentage ("25%"), e.g. maxSurge. */
export const intOrPercent = (description: string): JsonSchema => ({
  description,
  anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', format: 'percent' }],
});

/** IntOrString that may be a number or a name (Service targetPort, probe ports). */
export const intOrString = (description: string): JsonSchema => ({ type: ['integer', 'string'], description });

export interface KindSchema {
  apiVersion: string;
  kind: string;
  /** Namespaced objects are unique per namespace; cluster-scoped ones cluster-wide. */
  namespaced: boolean;
  schema: JsonSchema;
}

/** The key used in the registry and in the combined schema's definitions. */
export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

export function definitionName(apiVersion: string, kind: string): string {
  return `${apiVersion.includes('/') ? apiVersion.replace('/', '.') : `core.${apiVersion}`}.${kind}`;
}

export interface ObjectKindOptions {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  description: string;
  /** Top-level fields besides apiVersion, kind, metadata, status (usually just `spec`). */
  fields: Props;
  required?: string[];
  /** k8sim kinds may omit metadata; Kubernetes objects need it. */
  metadataRequired?: boolean;
}

/** A whole object: apiVersion/kind pinned, metadata, `status` accepted and ignored. */
export function objectKind(o: ObjectKindOptions): KindSchema {
  const required = ['apiVersion', 'kind', ...(o.metadataRequired === false ? [] : ['metadata']), ...(o.required ?? [])];
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    namespaced: o.namespaced,
    schema: obj(o.description, {
      apiVersion: { type: 'string', const: o.apiVersion, description: 'API group and version of the object.' },
      kind: { type: 'string', const: o.kind, description: 'Kind of the object.' },
      metadata: ref('ObjectMeta'),
      ...o.fields,
      status: loose('Object status; accepted and ignored (the simulator computes status).'),
    }, required),
  };
}
