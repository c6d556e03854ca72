// A client of GET /api/v1/events as the console's is: fetch with the bearer token in a header, the body read as a
// stream of server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html), every message kept
// so that a test can wait for one, or assert that none came.

/** One message of the stream: an event (`event`, `id`, `data` parsed as JSON), a comment, or a `retry:` field. */
export interface StreamMessage {
  /** the event's name, `comment` for a comment line (`: ping`), `retry` for a retry field alone */
  event: string;
  id?: string;
  /** the data parsed as JSON (the text when it is not JSON); a comment's text */
  data: unknown;
  retry?: number;
  /** when it arrived (epoch ms) */
  receivedAt: number;
}

export class EventStreamClient {
  readonly messages: StreamMessage[] = [];
  /** resolves when the server ends the stream (or the client aborts it) */
  readonly ended: Promise<void>;
  private readonly waiters = new Set<() => void>();
  private done = false;

  private constructor(
    readonly response: Response,
    private readonly abortController: AbortController,
  ) {
    this.ended = this.read();
  }

  /**
   * Opens the stream. With a 200 the body is read from now on; any other answer is returned as it is (its body
   * unread), for the caller to check.
   */
  static async open(
    url: string,
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<{ client?: EventStreamClient; response: Response }> {
    const abort = new AbortController();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      signal: abort.signal,
    });
    if (response.status !== 200 || !response.body) return { response };
    return { client: new EventStreamClient(response, abort), response };
  }

  /** Whether the stream has ended (by the server, the network, or close()). */
  get closed(): boolean {
    return this.done;
  }

  /** The client goes (as a closed tab): the request is aborted. */
  async close(): Promise<void> {
    this.abortController.abort();
    await this.ended;
  }

  /** The first message (from `from` on) that `matches`, waiting for it up to `timeoutMs`. */
  async waitFor(
    matches: (message: StreamMessage) => boolean,
    timeoutMs = 10_000,
    what = 'a message',
    from = 0,
  ): Promise<StreamMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(matches);
      if (found) return found;
      if (this.done) throw new Error(`the stream ended without ${what}; it carried ${this.describe()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        const waiter = () => done();
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(waiter);
      });
    }
  }

  /** The `issue` events about one issue. */
  issueEvents(issueId: string): StreamMessage[] {
    return this.messages.filter(
      (message) => message.event === 'issue' && (message.data as { issueId?: string }).issueId === issueId,
    );
  }

  describe(): string {
    return JSON.stringify(this.messages.map(({ event, id, data }) => ({ event, id, data }))).slice(0, 2_000);
  }

  private async read(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of this.response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.take(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close(), or the connection went: the stream has ended either way
    } finally {
      this.done = true;
      this.wake();
    }
  }

  /** One block of lines up to a blank line: an event, or comments, or a retry field. */
  private take(block: string): void {
    const receivedAt = Date.now();
    let event: string | undefined;
    let id: string | undefined;
    let retry: number | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.messages.push({ event: 'comment', data: line.slice(1).trim(), receivedAt });
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry') retry = Number(value);
    }
    if (data.length > 0) {
      const text = data.join('\n');
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      this.messages.push({ event: event ?? 'message', ...(id !== undefined ? { id } : {}), data: parsed, receivedAt });
    } else if (retry !== undefined) this.messages.push({ event: 'retry', data: null, retry, receivedAt });
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
  }
}
