// The console's reader of the live stream (apps/web/src/logic/sse.ts): the text/event-stream format read in pieces
// as they arrive, comments dropped, `retry:` honoured, and the reconnection backoff.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIssueChange, reconnectDelay, SseParser } from '../../apps/web/src/logic/sse';

describe('reading the stream', () => {
  test('the ready, issue and gap events, with ids, comments and retry', () => {
    const parser = new SseParser();
    const stream =
      'retry: 3000\n\nevent: ready\ndata: {"userId":"land_office_staff"}\n\n: ping\n\n' +
      'event: issue\nid: IS-1:7\ndata: {"issueId":"IS-1","sequence":7,"changes":["task","notification"],"at":"2026-12-02T02:00:00Z"}\n\n' +
      'event: gap\ndata: {}\n\n';
    const events = parser.feed(stream);
    assert.deepEqual(
      events.map((e) => [e.event, e.id ?? null]),
      [
        ['ready', null],
        ['issue', 'IS-1:7'],
        ['gap', 'IS-1:7'],
      ],
    );
    assert.equal(parser.retryMs, 3000);
    assert.deepEqual(parseIssueChange(events[1].data), {
      issueId: 'IS-1',
      sequence: 7,
      changes: ['task', 'notification'],
      at: '2026-12-02T02:00:00Z',
    });
  });

  test('an event split across chunks anywhere, even inside a CRLF, is read once whole', () => {
    const text = 'event: issue\r\nid: IS-2:1\r\ndata: {"issueId":"IS-2",\r\ndata: "sequence":1}\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.feed(text.slice(0, cut)), ...parser.feed(text.slice(cut))];
      assert.equal(events.length, 1, `cut at ${cut}`);
      assert.equal(events[0].data, '{"issueId":"IS-2",\n"sequence":1}');
      assert.equal(parseIssueChange(events[0].data)?.sequence, 1);
    }
  });

  test('an event without data, a field without a value and an unknown field dispatch nothing', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.feed('event: issue\n\nfoo: bar\nretry: soon\n\n'), []);
    assert.equal(parser.retryMs, undefined);
    assert.deepEqual(parser.feed('data\n\n'), [{ event: 'message', data: '' }]);
  });

  test('data that is not an issue change is ignored', () => {
    assert.equal(parseIssueChange('not json'), undefined);
    assert.equal(parseIssueChange('{"issueId":3}'), undefined);
  });
});

describe('reconnecting', () => {
  test("the server's retry first, doubling after each failure, at most a minute (plus jitter)", () => {
    const none = () => 0;
    assert.equal(reconnectDelay(0, 3000, none), 3000);
    assert.equal(reconnectDelay(1, 3000, none), 3000);
    assert.equal(reconnectDelay(2, 3000, none), 6000);
    assert.equal(reconnectDelay(3, 3000, none), 12000);
    assert.equal(reconnectDelay(20, 3000, none), 60000);
    assert.equal(
      reconnectDelay(1, 3000, () => 1),
      3600,
    );
  });
});
