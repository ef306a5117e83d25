// Canonical Kubernetes quantity formatting (resource.Quantity.String()) for the numbers
// k8sim keeps: CPU in millicores, memory/storage in bytes, counts as plain numbers.
//
// Local stop-gap: models/quantity.ts (another branch) will own formatCpuMilli/formatBytes;
// dedupe once both land. Kubernetes prints a quantity in the format it was *parsed* in
// (a request written "128M" prints "128M"); we only keep numbers, so memory-like values
// print BinarySI ("100Mi") and everything else DecimalSI ("500m", "1", "1500M"), which is
// what Kubernetes prints for quantities it builds itself (usage, sums, kubelet stats).

const DECIMAL_SUFFIX: Record<number, string> = {
  [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E',
};
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * DecimalSI canonical form of a value given in thousandths (milli-units).
 * Strips factors of ten, then lowers the exponent to a multiple of three:
 * 500 → "500m", 1000 → "1", 1500 → "1500m", 1_500_000_000_000 → "1500M", 0 → "0".
 */
export function formatDecimalMilli(milli: number): string {
  if (!Number.isFinite(milli)) throw new RangeError(`cannot format ${milli}`);
  let m = Math.round(milli);
  if (m === 0) return '0';
  const sign = m < 0 ? '-' : '';
  m = Math.abs(m);
  let exp = -3;
  while (m % 10 === 0 && exp < 18) { m /= 10; exp += 1; }
  const exp3 = Math.floor(exp / 3) * 3;
  const mantissa = m * 10 ** (exp - exp3);
  return `${sign}${mantissa}${DECIMAL_SUFFIX[exp3]}`;
}

/** CPU from millicores, as Kubernetes prints it: "100m", "1", "2500m". */
export function formatCpuMilli(milli: number): string {
  return formatDecimalMilli(milli);
}

/** A whole number in DecimalSI: 1000 → "1k", 1500000 → "1500k", 7 → "7". */
export function formatDecimal(value: number): string {
  return formatDecimalMilli(value * 1000);
}

/**
 * Bytes in BinarySI, as Kubernetes prints quantities it creates with NewQuantity(x, BinarySI)
 * (kubelet stats, eviction messages): |x| < 1024 prints DecimalSI ("512", "0", and 1000 → "1k");
 * otherwise factors of 1024 are stripped: 104857600 → "100Mi", 1263616 → "1234Ki",
 * 46993491787 → "46993491787" (not a multiple of 1024).
 */
export function formatBytes(bytes: number): string {
  const b = Math.round(bytes);
  if (Math.abs(b) < 1024) return formatDecimal(b);
  const sign = b < 0 ? '-' : '';
  let m = Math.abs(b);
  let i = 0;
  while (m % 1024 === 0 && i < BINARY_SUFFIX.length - 1) { m /= 1024; i += 1; }
  return `${sign}${m}${BINARY_SUFFIX[i]}`;
}

/** True for resources whose numbers are CPU millicores in k8sim's ResourceList. */
export function isCpuResource(name: string): boolean {
  return name === 'cpu' || name === 'requests.cpu' || name === 'limits.cpu';
}

/** True for resources k8sim keeps in bytes (memory, storage, hugepages). */
export function isByteResource(name: string): boolean {
  const base = name.replace(/^(requests|limits)\./, '');
  return base === 'memory' || base === 'storage' || base === 'ephemeral-storage' || base.startsWith('hugepages-');
}

/** Formats a ResourceList value by its resource name (cpu: millicores; bytes: BinarySI; else DecimalSI). */
export function formatResource(name: string, value: number): string {
  if (isCpuResource(name)) return formatCpuMilli(value);
  if (isByteResource(name)) return formatBytes(value);
  return formatDecimal(value);
}

/**
 * utilerrors.NewAggregate(errs).Error(): no errors → "", one → bare, several → "[a, b]".
 * Identical messages are printed once (upstream dedupes with a string set).
 */
export function aggregateMessage(msgs: readonly string[]): string {
  const seen: string[] = [];
  for (const m of msgs) if (!seen.includes(m)) seen.push(m);
  if (seen.length === 0) return '';
  if (msgs.length === 1 || seen.length === 1) return seen[0]!;
  return `[${seen.join(', ')}]`;
}

/** apierrors.NewForbidden message for a pod: `pods "<name>" is forbidden: <err>`. */
export function forbiddenMessage(resource: string, name: string, err: string): string {
  return `${resource} "${name}" is forbidden: ${err}`;
}

/** apierrors.NewInvalid message: `<Kind> "<name>" is invalid: <aggregate of field errors>`. */
export function invalidMessage(kind: string, name: string, fieldErrors: readonly string[]): string {
  return `${kind} "${name}" is invalid: ${aggregateMessage(fieldErrors)}`;
}
