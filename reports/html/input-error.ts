// Problems with the folder a report is built from: a missing file, a CSV cell that is not what
// docs/outputs.md says. The CLI prints each as `file:line:col: field: message` and exits 2.

export class ReportInputError extends Error {}

export function inputError(file: string, line: number, col: number, field: string, message: string): ReportInputError {
  return new ReportInputError(`${file}:${line}:${col}: ${field}: ${message}`);
}
