import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, verifyPassword } from '@unblock/persistence';

test('a password verifies against its own hash and no other', () => {
  const hash = hashPassword('unblock-demo');
  assert.match(hash, /^scrypt\$[\w-]+\$[\w-]+$/);
  assert.equal(verifyPassword('unblock-demo', hash), true);
  assert.equal(verifyPassword('unblock-demo!', hash), false);
  assert.notEqual(hashPassword('unblock-demo'), hash, 'each hash has its own salt');
});

test('a malformed stored hash never verifies', () => {
  for (const stored of ['', 'plain', 'scrypt$only', 'md5$a$b', 'scrypt$c2FsdA$dG9vc2hvcnQ']) {
    assert.equal(verifyPassword('x', stored), false, stored);
  }
});
