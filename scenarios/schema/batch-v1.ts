// batch/v1: Job and CronJob.
import { arr, bool, int, int64, obj, objectKind, oneOfStrings, ref, str, type JsonSchema, type KindSchema } from './build.js';

const batch = 'batch/v1';

const podFailurePolicyRule = obj('A pod failure policy rule.', {
  action: oneOfStrings(['FailJob', 'FailIndex', 'Ignore', 'Count'], 'What to do when the rule matches.'),
  onExitCodes: obj('Match on container exit codes.', {
    containerName: str('Restrict to this container.'),
    operator: oneOfStrings(['In', 'NotIn'], 'Operator.'),
    values: arr({ type: 'integer' }, 'Exit codes.'),
  }, ['operator', 'values']),
  onPodConditions: arr(obj('Match on a pod condition.', { type: str('Condition type.'), status: str('Condition status.') }, ['type']), 'Pod conditions.'),
}, ['action']);

export const JobSpec: JsonSchema = obj('Job spec.', {
  template: ref('PodTemplateSpec'),
  completions: int('Successful pods needed (default 1; unset with parallelism = work queue).', 0),
  parallelism: int('Pods running at once (default 1).', 0),
  backoffLimit: int('Retries before the Job fails (default 6).', 0),
  backoffLimitPerIndex: int('Retries per index (Indexed jobs).', 0),
  maxFailedIndexes: int('Failed indexes before the Job fails.', 0),
  activeDeadlineSeconds: int64('Seconds the Job may run.', 1),
  ttlSecondsAfterFinished: int('Delete the Job this many seconds after it finishes.', 0),
  completionMode: oneOfStrings(['NonIndexed', 'Indexed'], 'Completion mode (default NonIndexed).'),
  suspend: bool('Suspended Jobs create no pods.'),
  podFailurePolicy: obj('How pod failures count.', { rules: arr(podFailurePolicyRule, 'Rules, first match wins.') }, ['rules']),
  successPolicy: obj('When an Indexed Job succeeds early.', {
    rules: arr(obj('A success rule.', { succeededIndexes: str('Index ranges, e.g. "0-2,5".'), succeededCount: int('Count.', 0) }), 'Rules.'),
  }, ['rules']),
  podReplacementPolicy: oneOfStrings(['TerminatingOrFailed', 'Failed'], 'When replacement pods are created.'),
  manualSelector: bool('Use the given selector instead of a generated one.'),
  selector: ref('LabelSelector'),
  managedBy: str('Controller managing the Job.'),
}, ['template']);

export const job = objectKind({
  apiVersion: batch, kind: 'Job', namespaced: true, description: 'Run pods to completion.',
  fields: { spec: ref('JobSpec') }, required: ['spec'],
});

export const cronJob = objectKind({
  apiVersion: batch, kind: 'CronJob', namespaced: true, description: 'Jobs on a schedule.',
  fields: {
    spec: obj('CronJob spec.', {
      schedule: str('Cron schedule, e.g. "*/5 * * * *".'),
      timeZone: str('IANA time zone.'),
      startingDeadlineSeconds: int64('Seconds a missed run may still start.', 0),
      concurrencyPolicy: oneOfStrings(['Allow', 'Forbid', 'Replace'], 'Concurrent runs (default Allow).'),
      suspend: bool('Suspend future runs.'),
      jobTemplate: obj('Template of the Jobs.', { metadata: ref('ObjectMeta'), spec: ref('JobSpec') }, ['spec']),
      successfulJobsHistoryLimit: int('Finished Jobs to keep (default 3).', 0),
      failedJobsHistoryLimit: int('Failed Jobs to keep (default 1).', 0),
    }, ['schedule', 'jobTemplate']),
  },
  required: ['spec'],
});


export const batchV1Kinds: KindSchema[] = [job, cronJob];
