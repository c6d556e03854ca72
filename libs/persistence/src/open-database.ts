import type { DataSource } from 'typeorm';
import { redactUrl } from '@unblock/config';
import { createDataSource } from './data-source';

/** The database cannot be reached or refused us; the message names the server (without password) and the reason. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Explains a pg connection error in one sentence. */
export function describeDatabaseError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'nothing accepts connections at that host and port (is PostgreSQL running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name cannot be resolved';
    case 'ETIMEDOUT':
      return 'the connection timed out';
    case '28P01':
    case '28000':
      return 'the user name or password was refused';
    case '3D000':
      return 'the database does not exist';
    default:
      return e.message ?? String(error);
  }
}

/** Opens a DataSource, turning connection failures into one clear message. */
export async function openDatabase(url: string): Promise<DataSource> {
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
    return dataSource;
  } catch (error) {
    throw new DatabaseUnavailableError(
      `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${describeDatabaseError(error)}.`,
    );
  }
}
