/**
 * `/api/v1`: where the routes of this module are served (create-api-app's API_PREFIX; not imported from there,
 * which imports the app module, to keep the module graph free of cycles).
 */
export const API_PREFIX_PATH = '/api/v1';
