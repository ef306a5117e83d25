// The Pareto front of points over objectives (each minimised or maximised).

export interface Objective {
  metric: string;
  goal: 'min' | 'max';
}

/**
 * `values[i]` is the objective vector of candidate i (undefined = not a candidate, e.g. a point
 * with failed runs). Returns, for each candidate, whether no other candidate dominates it.
 * Candidates with equal vectors do not dominate each other (both stay on the front).
 */
export function paretoFront(values: readonly (readonly number[] | undefined)[], goals: readonly ('min' | 'max')[]): boolean[] {
  const better = (a: number, b: number, g: 'min' | 'max'): boolean => (g === 'min' ? a < b : a > b);
  const dominates = (a: readonly number[], b: readonly number[]): boolean => {
    let strictly = false;
    for (let k = 0; k < goals.length; k++) {
      const g = goals[k]!;
      if (better(b[k]!, a[k]!, g)) return false;
      if (better(a[k]!, b[k]!, g)) strictly = true;
    }
    return strictly;
  };
  return values.map((v, i) => {
    if (v === undefined || v.some((x) => Number.isNaN(x))) return false;
    for (let j = 0; j < values.length; j++) {
      const w = values[j];
      if (j !== i && w !== undefined && !w.some((x) => Number.isNaN(x)) && dominates(w, v)) return false;
    }
    return true;
  });
}
