import { EventEmitter } from 'node:events';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { databaseUrlOf, type UnblockConfig } from '@unblock/config';
import {
  INBOX_READS_CHANNEL,
  ISSUE_CHANGES_CHANNEL,
  readInboxReadNotice,
  readIssueChangeNotice,
  type InboxReadNotice,
  type IssueChangeNotice,
} from '@unblock/contracts';
import { describeDatabaseError } from '@unblock/persistence';
import { CONFIG, LOGGER } from '../infrastructure/tokens';

/** The first wait before listening again after PostgreSQL went away; it doubles with each failed attempt… */
const FIRST_RETRY_MS = 250;
/** …up to this. */
const LONGEST_RETRY_MS = 5_000;
/** How long one attempt to connect may take. */
const CONNECT_TIMEOUT_MS = 5_000;
/** How often the listening connection is asked whether it still stands (a vanished server sends no goodbye). */
const PROBE_EVERY_MS = 10_000;
const PROBE_TIMEOUT_MS = 5_000;

export interface IssueChangeListenerEvents {
  /** an issue changed (a committed write of its effects) */
  change: [IssueChangeNotice];
  /** a person marked notifications read (the read-mark routes of any API process) */
  inboxRead: [InboxReadNotice];
  /** the listening connection is gone: changes are missed from `since` until `listening` */
  lost: [{ since: Date }];
  /** listening again after a loss (changes between `since` and `until` were missed) */
  listening: [{ since: Date; until: Date }];
}

/**
 * The API process's one PostgreSQL connection that LISTENs on the channel the effects transaction notifies on
 * (`unblock_issue_changes`, see activities/src/issue-effects.activities.ts), so that the API learns of every committed
 * change without polling. When PostgreSQL goes away it says so (`lost`), connects again with a growing wait, and says
 * when it listens again (`listening`): whatever changed in between was not heard, and clients must refetch.
 */
@Injectable()
export class IssueChangeListener implements OnModuleInit, OnApplicationShutdown {
  private readonly events = new EventEmitter();
  private readonly url: string;
  private client?: Client;
  private probe?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private failedAttempts = 0;
  private stopped = false;
  /** when the listener stopped hearing changes (set from the start until the first LISTEN) */
  private deafSince: Date | undefined = new Date();

  constructor(
    @Inject(CONFIG) config: UnblockConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.url = databaseUrlOf(config);
    // every open stream subscribes: no warning for many listeners
    this.events.setMaxListeners(0);
  }

  /** Listens before the API takes requests when PostgreSQL is there; otherwise the API starts and keeps trying. */
  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.drop();
  }

  /** Whether changes are heard now; when not, since when they are not. */
  get deaf(): Date | undefined {
    return this.deafSince;
  }

  on<K extends keyof IssueChangeListenerEvents>(
    event: K,
    handler: (...args: IssueChangeListenerEvents[K]) => void,
  ): () => void {
    const listener = handler as (...args: unknown[]) => void;
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  private emit<K extends keyof IssueChangeListenerEvents>(event: K, ...args: IssueChangeListenerEvents[K]): void {
    this.events.emit(event, ...args);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.url,
      application_name: 'unblock-api-events',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    this.client = client;
    client.on('error', (error) => this.onConnectionLost(client, error));
    client.on('end', () => this.onConnectionLost(client));
    client.on('notification', (message) => {
      if (message.channel === INBOX_READS_CHANNEL) {
        const read = readInboxReadNotice(message.payload);
        if (read) this.emit('inboxRead', read);
        return;
      }
      if (message.channel !== ISSUE_CHANGES_CHANNEL) return;
      const notice = readIssueChangeNotice(message.payload);
      if (!notice) {
        this.logger.warn(
          { payload: message.payload?.slice(0, 200) },
          'an issue change notice that is not one; ignored',
        );
        return;
      }
      this.emit('change', notice);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ISSUE_CHANGES_CHANNEL}`);
      await client.query(`LISTEN ${INBOX_READS_CHANNEL}`);
    } catch (error) {
      this.onConnectionLost(client, error);
      return;
    }
    if (this.client !== client) return; // lost (and replaced) while connecting
    this.failedAttempts = 0;
    this.probe = setInterval(() => void this.checkConnection(client), PROBE_EVERY_MS);
    this.probe.unref();
    const since = this.deafSince;
    this.deafSince = undefined;
    this.logger.info({ channel: ISSUE_CHANGES_CHANNEL }, 'listening for issue changes');
    if (since) this.emit('listening', { since, until: new Date() });
  }

  /** A query on the listening connection, with a deadline: a connection that does not answer is dropped. */
  private async checkConnection(client: Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      this.onConnectionLost(client, error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The connection failed, ended or does not answer: say so once, and try again after a wait that grows. */
  private onConnectionLost(client: Client, error?: unknown): void {
    if (this.client !== client) return; // an older connection's late news
    this.client = undefined;
    clearInterval(this.probe);
    client.removeAllListeners('notification');
    client.on('error', () => undefined); // whatever it says while it goes
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    // said once per outage (and once when the API starts without PostgreSQL)
    if (this.failedAttempts === 0)
      this.logger.warn(
        { reason: error ? describeDatabaseError(error) : 'the connection ended' },
        'not hearing issue changes (PostgreSQL is not reachable); listening again as soon as it answers',
      );
    if (!this.deafSince) {
      this.deafSince = new Date();
      this.emit('lost', { since: this.deafSince });
    }
    const wait = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failedAttempts);
    this.failedAttempts += 1;
    clearTimeout(this.retry);
    // a little jitter, so that many API processes do not knock at once
    this.retry = setTimeout(() => void this.connect(), wait * (0.8 + Math.random() * 0.4));
    this.retry.unref();
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    clearInterval(this.probe);
    if (!client) return;
    client.removeAllListeners('notification');
    client.on('error', () => undefined);
    await client.end().catch(() => undefined);
  }
}
