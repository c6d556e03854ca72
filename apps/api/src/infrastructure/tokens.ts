export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
/** The Temporal Client, one provider behind a token so that tests may swap it. */
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
