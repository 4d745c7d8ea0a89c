// The one home for numbers: every threshold, window, alias and default, assembled from one file per stage.
// The resolved configuration is written into summary.json so every run can be reproduced.

import { ingestConfig } from './ingest.js';
import { normalizeConfig } from './normalize.js';
import { linkConfig } from './link.js';
import { dedupeConfig } from './dedupe.js';
import { adminUnitsConfig } from './admin-units.js';

export const defaultConfig = {
  ingest: ingestConfig,
  normalize: normalizeConfig,
  link: linkConfig,
  dedupe: dedupeConfig,
  adminUnits: adminUnitsConfig,
};

export type Config = typeof defaultConfig;
export { DOSE_COLUMN_ALIASES, REGISTRY_COLUMN_ALIASES, VI_HEADERS } from './ingest.js';
