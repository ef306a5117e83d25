// API error messages as the admission plugins word them (utilerrors aggregates, Forbidden,
// Invalid). Quantities inside them are formatted by ./quantity.ts.

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
