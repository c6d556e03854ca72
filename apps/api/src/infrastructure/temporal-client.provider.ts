import type { FactoryProvider } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { temporalAddressOf, type UnblockConfig } from '@unblock/config';
import { CONFIG, TEMPORAL_CLIENT } from './tokens';

/** A lazily connecting client: the API starts even while Temporal is down, and /health says so. */
export const temporalClientProvider: FactoryProvider<Client> = {
  provide: TEMPORAL_CLIENT,
  inject: [CONFIG],
  useFactory: (config: UnblockConfig) =>
    new Client({
      connection: Connection.lazy({ address: temporalAddressOf(config), connectTimeout: 3_000 }),
      namespace: config.temporal.namespace,
    }),
};
