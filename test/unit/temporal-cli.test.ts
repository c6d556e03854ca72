import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  cachedTemporalCliPath,
  resolveTemporalCli,
  TemporalCliUnavailableError,
  temporalCliMissingMessage,
} from '@unblock/runtime';
import { temporaryDirectory } from '../support/test-stack';

function fakeCli(dir: string, name = 'temporal', output = 'temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)'): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\necho "${output}"\n`, { mode: 0o755 });
  return file;
}

describe('finding the Temporal CLI', () => {
  test('TEMPORAL_CLI_PATH wins over PATH and the cache', async () => {
    const tmp = temporaryDirectory('cli');
    try {
      const explicit = fakeCli(path.join(tmp.dir, 'explicit'));
      const onPath = fakeCli(path.join(tmp.dir, 'bin'));
      const resolved = await resolveTemporalCli({
        cliPath: explicit,
        cacheDir: tmp.dir,
        version: 'v1.5.1',
        searchPath: path.dirname(onPath),
      });
      assert.deepEqual(resolved, { path: explicit, source: 'TEMPORAL_CLI_PATH' });
    } finally {
      tmp.remove();
    }
  });

  test('a TEMPORAL_CLI_PATH that is not a Temporal CLI is refused with its path in the message', async () => {
    const tmp = temporaryDirectory('cli');
    try {
      const impostor = fakeCli(tmp.dir, 'temporal', 'hello');
      await assert.rejects(
        resolveTemporalCli({ cliPath: impostor, cacheDir: tmp.dir, version: 'v1.5.1', searchPath: '' }),
        (error: unknown) => error instanceof TemporalCliUnavailableError && error.message.includes(impostor),
      );
      await assert.rejects(
        resolveTemporalCli({
          cliPath: path.join(tmp.dir, 'missing'),
          cacheDir: tmp.dir,
          version: 'v1.5.1',
          searchPath: '',
        }),
        TemporalCliUnavailableError,
      );
    } finally {
      tmp.remove();
    }
  });

  test('temporal on PATH is used before the cache', async () => {
    const tmp = temporaryDirectory('cli');
    try {
      const onPath = fakeCli(path.join(tmp.dir, 'bin'));
      fakeCli(path.dirname(cachedTemporalCliPath(tmp.dir, 'v1.5.1')));
      const resolved = await resolveTemporalCli({
        cacheDir: tmp.dir,
        version: 'v1.5.1',
        searchPath: path.dirname(onPath),
      });
      assert.deepEqual(resolved, { path: onPath, source: 'PATH' });
    } finally {
      tmp.remove();
    }
  });

  test('the cached build of the pinned version is used when nothing is on PATH', async () => {
    const tmp = temporaryDirectory('cli');
    try {
      const cached = cachedTemporalCliPath(tmp.dir, 'v1.5.1');
      fakeCli(path.dirname(cached));
      const resolved = await resolveTemporalCli({
        cacheDir: tmp.dir,
        version: 'v1.5.1',
        searchPath: path.join(tmp.dir, 'empty'),
      });
      assert.deepEqual(resolved, { path: cached, source: 'cache' });
    } finally {
      tmp.remove();
    }
  });

  test('without a CLI and without Go there is nothing to resolve, and the message says what to install', async () => {
    const tmp = temporaryDirectory('cli');
    try {
      const resolved = await resolveTemporalCli({
        cacheDir: tmp.dir,
        version: 'v1.5.1',
        searchPath: path.join(tmp.dir, 'empty'),
      });
      assert.equal(resolved, undefined);
      const message = temporalCliMissingMessage('v1.5.1');
      assert.match(message, /install Go/);
      assert.match(message, /go install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1/);
      assert.match(message, /TEMPORAL_CLI_PATH/);
      assert.match(message, /TEMPORAL_ADDRESS/);
    } finally {
      tmp.remove();
    }
  });

  test("a go install that fails is reported with go's own output", async () => {
    const tmp = temporaryDirectory('cli');
    try {
      const bin = path.join(tmp.dir, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'go'), '#!/bin/sh\necho "go: module lookup disabled" >&2\nexit 1\n', {
        mode: 0o755,
      });
      const progress: string[] = [];
      await assert.rejects(
        resolveTemporalCli({
          cacheDir: path.join(tmp.dir, 'cache'),
          version: 'v1.5.1',
          searchPath: bin,
          onProgress: (line) => progress.push(line),
        }),
        (error: unknown) =>
          error instanceof TemporalCliUnavailableError && /module lookup disabled/.test(error.message),
      );
      assert.ok(
        progress.some((line) => /Building the Temporal CLI v1\.5\.1/.test(line)),
        'announces the build',
      );
      assert.equal(
        fs.existsSync(cachedTemporalCliPath(path.join(tmp.dir, 'cache'), 'v1.5.1')),
        false,
        'leaves no broken binary in the cache',
      );
    } finally {
      tmp.remove();
    }
  });
});
