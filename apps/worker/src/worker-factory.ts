import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type ActivityInterceptorsFactory,
  type LogLevel as TemporalLogLevel,
} from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { createActivities } from '@unblock/activities';
import type { IssuePolicyDocument } from '@unblock/domain';
import { loadConfiguredIssuePolicies, loadNoticeSettings, type NoticeSettings } from '@unblock/config';

/** The compiled tree's root (dist/), where the prebuilt workflow bundle lives. */
const DIST_ROOT = path.resolve(__dirname, '..', '..', '..');
export const WORKFLOW_BUNDLE_PATH = path.join(DIST_ROOT, 'workflow-bundle.js');
/** The workflows package's compiled entry point (the bundler resolves its imports through node_modules). */
export const WORKFLOWS_PATH = require.resolve('@unblock/workflows');

let runtimeInstalled = false;

/**
 * Sends the Temporal SDK's own logs to the product's logger, and leaves OS signals to the application
 * (one owner for signals). Safe to call more than once; only the first call installs.
 */
export function installTemporalRuntime(logger: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const levels: Record<TemporalLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('INFO', (entry) => {
      const { workflowId, activityId, issueId, ...rest } = (entry.meta ?? {}) as Record<string, unknown>;
      logger[levels[entry.level]]({ temporal: rest, workflowId, activityId, issueId }, entry.message);
    }),
  });
}

export interface UnblockWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  /** The issue policies and calendar; by default the file UNBLOCK_POLICY_FILE names (or the default policies). */
  policies?: IssuePolicyDocument;
  /** Where notices go beyond the inbox; by default from UNBLOCK_PUBLIC_URL, SMTP_URL and MAIL_FROM. */
  notices?: NoticeSettings;
  /** Use the workflow sources instead of the prebuilt bundle (slower start; for development). */
  bundleFromSource?: boolean;
  /** Activity interceptors (the tests hold the effects activity back with one). */
  activityInterceptors?: ActivityInterceptorsFactory[];
}

/** The product's Temporal worker: every workflow, every activity, on one task queue. */
export async function createUnblockWorker(options: UnblockWorkerOptions): Promise<Worker> {
  const useBundle = !options.bundleFromSource && fs.existsSync(WORKFLOW_BUNDLE_PATH);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(useBundle ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities({
      dataSource: options.dataSource,
      policies: options.policies ?? loadConfiguredIssuePolicies(),
      notices: options.notices ?? loadNoticeSettings(),
    }),
    ...(options.activityInterceptors ? { interceptors: { activity: options.activityInterceptors } } : {}),
    shutdownGraceTime: '10 seconds',
  });
}
