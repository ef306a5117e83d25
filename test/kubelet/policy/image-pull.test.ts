import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DEFAULT_IMAGE_BACKOFF, ensureImageDecision, imageKey, imageNotFoundMessage, parseImageName, podWorkerRetryDelay,
  shouldPullImage, type PullPolicy,
} from '../../../models/kubelet/policy/image-pull.js';
import { isInBackOffSinceUpdate, nextBackoff, type BackoffConfig, type BackoffEntry } from '../../../models/api/policy/flowcontrol-backoff.js';
import { defaultPullPolicy } from '../../../models/api/policy/defaults.js';

const SHA = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// pkg/util/parsers/parsers_test.go TestParseImageName (docker's own cases).
const parseCases: Array<{ input: string; repo?: string; tag?: string; digest?: string; error?: string }> = [
  { input: 'root', repo: 'docker.io/library/root', tag: 'latest' },
  { input: 'root:tag', repo: 'docker.io/library/root', tag: 'tag' },
  { input: `root@${SHA}`, repo: 'docker.io/library/root', digest: SHA },
  { input: 'user/repo', repo: 'docker.io/user/repo', tag: 'latest' },
  { input: 'user/repo:tag', repo: 'docker.io/user/repo', tag: 'tag' },
  { input: `user/repo@${SHA}`, repo: 'docker.io/user/repo', digest: SHA },
  { input: 'url:5000/repo', repo: 'url:5000/repo', tag: 'latest' },
  { input: 'url:5000/repo:tag', repo: 'url:5000/repo', tag: 'tag' },
  { input: `url:5000/repo@${SHA}`, repo: 'url:5000/repo', digest: SHA },
  { input: `url:5000/repo:latest@${SHA}`, repo: 'url:5000/repo', tag: 'latest', digest: SHA },
  { input: 'ROOT', error: 'must be lowercase' },
  { input: 'http://root', error: 'invalid reference format' },
  { input: SHA.slice(7), error: 'cannot specify 64-byte hexadecimal strings' },
];

for (const c of parseCases) {
  test(`parseImageName(${c.input}) as upstream's table`, () => {
    if (c.error) {
      assert.throws(() => parseImageName(c.input), (e: Error) => e.message.includes(c.error!));
      return;
    }
    assert.equal(parseImageName(c.input), { repo: c.repo, tag: c.tag ?? '', digest: c.digest ?? '' });
  });
}

test('imageKey: one name per image, whatever the spelling (applyDefaultImageTag + normalisation)', () => {
  // pkg/kubelet/images TestApplyDefaultImageTag: root → root:latest, root:tag and root@sha kept.
  assert.is(imageKey('root'), 'docker.io/library/root:latest');
  assert.is(imageKey('root:tag'), 'docker.io/library/root:tag');
  assert.is(imageKey(`root@${SHA}`), `docker.io/library/root@${SHA}`);
  assert.is(imageKey('nginx'), imageKey('docker.io/library/nginx:latest'));
  assert.is(imageKey('Not A Ref'), 'Not A Ref');
});

test('shouldPullImage: Never never, Always always, IfNotPresent when absent', () => {
  const cases: Array<[PullPolicy, boolean, boolean]> = [
    ['Never', true, false], ['Never', false, false], ['Always', true, true], ['Always', false, true],
    ['IfNotPresent', true, false], ['IfNotPresent', false, true],
  ];
  for (const [policy, present, want] of cases) assert.is(shouldPullImage(policy, present), want, `${policy} present=${present}`);
});

test('default pull policy: :latest or untagged → Always, any other tag or a digest → IfNotPresent', () => {
  assert.is(defaultPullPolicy('nginx'), 'Always');
  assert.is(defaultPullPolicy('nginx:latest'), 'Always');
  assert.is(defaultPullPolicy('nginx:1.25'), 'IfNotPresent');
  assert.is(defaultPullPolicy(`nginx@${SHA}`), 'IfNotPresent');
  assert.is(defaultPullPolicy('url:5000/repo'), 'Always');
});

// pkg/kubelet/images/image_manager_test.go pullerTestCases: each call one second after the
// last on a fake clock, flowcontrol.NewBackOff(1s, 1m); calls GetImageRef (always) and PullImage.
const pullerCases: Array<{ name: string; present: boolean; policy: PullPolicy; pullFails: boolean; expected: Array<[string[], string]> }> = [
  { name: 'image missing, pull', present: false, policy: 'IfNotPresent', pullFails: false, expected: [[['GetImageRef', 'PullImage'], 'ok']] },
  { name: "image present, don't pull", present: true, policy: 'IfNotPresent', pullFails: false,
    expected: [[['GetImageRef'], 'ok'], [['GetImageRef'], 'ok'], [['GetImageRef'], 'ok']] },
  { name: 'image present, pull', present: true, policy: 'Always', pullFails: false,
    expected: [[['GetImageRef', 'PullImage'], 'ok'], [['GetImageRef', 'PullImage'], 'ok'], [['GetImageRef', 'PullImage'], 'ok']] },
  { name: 'image missing, never pull', present: false, policy: 'Never', pullFails: false,
    expected: [[['GetImageRef'], 'ErrImageNeverPull'], [['GetImageRef'], 'ErrImageNeverPull'], [['GetImageRef'], 'ErrImageNeverPull']] },
  { name: 'image missing, unable to fetch', present: false, policy: 'IfNotPresent', pullFails: true, expected: [
    [['GetImageRef', 'PullImage'], 'ErrImagePull'],
    [['GetImageRef', 'PullImage'], 'ErrImagePull'],
    [['GetImageRef'], 'ErrImagePullBackOff'],
    [['GetImageRef', 'PullImage'], 'ErrImagePull'],
    [['GetImageRef'], 'ErrImagePullBackOff'],
    [['GetImageRef'], 'ErrImagePullBackOff'],
  ] },
];

for (const c of pullerCases) {
  test(`EnsureImageExists sequence: ${c.name} (upstream's puller table)`, () => {
    const cfg: BackoffConfig = { initialMs: 1000, maxMs: 60_000 };
    let entry: BackoffEntry | undefined;
    let now = 0;
    for (const [calls, err] of c.expected) {
      now += 1000;
      const d = ensureImageDecision(c.policy, c.present, entry, now, cfg);
      const got: string[] = ['GetImageRef'];
      let result = 'ok';
      if (d === 'never-pull') result = 'ErrImageNeverPull';
      else if (d === 'backoff') result = 'ErrImagePullBackOff';
      else if (d === 'pull') {
        got.push('PullImage');
        if (c.pullFails) {
          entry = nextBackoff(entry, now, now, cfg); // m.backOff.Next(key, now)
          result = 'ErrImagePull';
        }
      }
      assert.equal(got, calls);
      assert.is(result, err);
    }
  });
}

test('IsInBackOffSinceUpdate: open window, closed window, expired entry (2 × max idle)', () => {
  const e: BackoffEntry = { backoffMs: 20_000, lastUpdateMs: 100_000 };
  const max = DEFAULT_IMAGE_BACKOFF.maxMs;
  assert.equal(DEFAULT_IMAGE_BACKOFF, { initialMs: 10_000, maxMs: 300_000 });
  assert.ok(isInBackOffSinceUpdate(e, 119_999, max));
  assert.not.ok(isInBackOffSinceUpdate(e, 120_000, max));
  assert.not.ok(isInBackOffSinceUpdate({ backoffMs: 300_000, lastUpdateMs: 0 }, 600_001, max));
  assert.not.ok(isInBackOffSinceUpdate(undefined, 5, max));
  // what the image manager decides from it: back-off while the window is open, pull after
  assert.is(ensureImageDecision('Always', true, e, 119_999), 'backoff');
  assert.is(ensureImageDecision('Always', true, e, 120_000), 'pull');
});

test('pull retry of the pod worker: wait.Jitter(10s, 0.5) spans 10 s to 15 s', () => {
  assert.is(podWorkerRetryDelay(0), 10_000);
  assert.is(podWorkerRetryDelay(0.5), 12_500);
  assert.ok(podWorkerRetryDelay(0.999999) <= 15_000);
});

test('the NotFound text names the normalised reference, as containerd does', () => {
  assert.is(
    imageNotFoundMessage('ngnix'),
    'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": docker.io/library/ngnix:latest: not found',
  );
});

test.run();
