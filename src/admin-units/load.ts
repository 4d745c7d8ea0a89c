// Reads the shipped administrative-unit tables (data/admin-units/<date>/) once per process, found beside the built code.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { buildAdminUnits, type AdminUnits } from '../normalize/communes.js';
import { adminUnitsConfig, type AdminUnitsMode } from '../config/admin-units.js';

const loaded = new Map<string, AdminUnits>();

/**
 * The folder of a dataset. Relative to this module, not to the working directory: src/admin-units/ under vitest and
 * dist/admin-units/ once built are both two levels below the package root, where data/ ships.
 */
export function adminUnitsDir(dataset: string = adminUnitsConfig.dataset): string {
  return fileURLToPath(new URL(`../../data/admin-units/${dataset}/`, import.meta.url));
}

function readTable(dir: string, file: string): Record<string, string>[] {
  try {
    return parse(readFileSync(dir + file), { columns: true, bom: true }) as Record<string, string>[];
  } catch (e) {
    // A broken install, not bad input: the tables ship with vaxrec.
    throw new Error(`cannot read the administrative-unit table ${dir}${file} (${(e as Error).message})`);
  }
}

/** The dataset's tables (about 14,000 rows, ~0.1 s), read on first use and kept. */
export function loadAdminUnits(dataset: string = adminUnitsConfig.dataset): AdminUnits {
  let units = loaded.get(dataset);
  if (units !== undefined) return units;
  const dir = adminUnitsDir(dataset);
  units = buildAdminUnits(dataset, {
    communeMap: readTable(dir, 'commune_map_2025.csv'),
    provinces: readTable(dir, 'provinces_2025.csv'),
    abolished: readTable(dir, 'bridge_pre2025_abolished_codes.csv'),
  });
  loaded.set(dataset, units);
  return units;
}

/** The tables a run needs for its --admin-units mode: none when codes are used as entered. */
export function adminUnitsFor(mode: AdminUnitsMode, dataset: string = adminUnitsConfig.dataset): AdminUnits | null {
  return mode === 'as-entered' ? null : loadAdminUnits(dataset);
}
