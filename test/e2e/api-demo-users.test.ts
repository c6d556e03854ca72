// The demo users the sign-in page offers: listed only when the server runs with the demo zone, with their
// password; without it, no one. Each listed user signs in with that password.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DEMO_PEOPLE } from '@unblock/persistence';
import { createApiApp } from '../../apps/api/src/create-api-app';
import type { DemoUsersDto } from '../../apps/api/src/auth/auth.dto';
import { ApiStack } from '../support/api-stack';

describe('GET /api/v1/auth/demo-users', () => {
  const stack = new ApiStack();
  before(() => stack.setUp());
  after(() => stack.tearDown());

  test('in demo mode: every demo person, in the demo order, with the password that signs each in; no token needed', async () => {
    const response = await stack.request<DemoUsersDto>('GET', '/api/v1/auth/demo-users');
    assert.equal(response.status, 200);
    assert.equal(response.body.demo, true);
    assert.deepEqual(
      response.body.users.map((user) => user.username),
      DEMO_PEOPLE.map((person) => person.username),
    );
    const staff = response.body.users.find((user) => user.username === 'land_office.staff');
    assert.deepEqual(staff?.roles, ['staff']);
    assert.equal(staff?.departmentId, 'land_office');
    for (const username of ['secretary', 'dispatcher', 'reporter.investor', 'utilities.head']) {
      const signIn = await stack.request('POST', '/api/v1/auth/token', {
        body: { username, password: response.body.password },
      });
      assert.equal(signIn.status, 200, `${username} signs in with the listed password`);
    }
  });

  test('without the demo zone: demo false, no password, no one', async () => {
    const app = await createApiApp(stack.config({ UNBLOCK_DEMO_DATA: 'false', LOG_LEVEL: 'silent' }));
    try {
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/demo-users`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { demo: false, password: null, users: [] });
    } finally {
      await app.close();
    }
  });
});
