// `k8sim compare-trace RUN_DIR --trace SCENARIO.yaml`: the run's outcome beside the trace it
// replayed (reports/trace-compare.ts), for every Trace document of the scenario.
import { loadScenario } from '../scenarios/load.js';
import { ScenarioError, ScenarioErrors } from '../scenarios/errors.js';
import { checkTrace, compileTrace } from '../scenarios/trace/compile.js';
import { compare, CompareTraceError, formatComparison, runLength, runSide, traceSide } from '../reports/trace-compare.js';

export { CompareTraceError };

export function compareTrace(runDir: string, scenarioFiles: string[], tolerance: number): string {
  const scenario = loadScenario(scenarioFiles);
  const docs = scenario.documents.filter((d) => d.apiVersion === 'k8sim/v1' && d.kind === 'Trace');
  if (docs.length === 0) throw new CompareTraceError(`${scenarioFiles.join(', ')}: no k8sim/v1 Trace document to compare with`);
  const until = runLength(runDir);
  const out: string[] = [];
  for (const d of docs) {
    const t = compileTrace(d);
    const errors: ScenarioError[] = [];
    checkTrace(d, t, errors);
    if (errors.length) throw new ScenarioErrors(errors);
    const trace = traceSide(t, until);
    const sim = runSide(runDir, until, trace.aliveAtStart);
    out.push(`trace ${t.name} (${t.pods.file}) vs ${runDir}, ${until / 3_600_000} h of virtual time`);
    out.push(formatComparison(compare(trace, sim, until, tolerance)));
  }
  return out.join('\n');
}
