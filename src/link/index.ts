// Public API of the linker: registry index, model training/validation, per-dose link decisions, dose-pair scoring.

export type { RegistryIndex } from './blocking.js';
export { buildRegistryIndex, citizenById, RULES } from './blocking.js';
export type { LinkModel, LevelParams, FieldParams, TfTable, TrainingStats } from './model.js';
export { validateModel, MODEL_VERSION } from './model.js';
export { trainModel } from './train.js';
export type { LinkStats } from './link-stats.js';
export { createLinkStats, mergeLinkStats } from './link-stats.js';
export { plainDecision } from './decision.js';
export { linkDose, linkDoseExcluding, linkToCitizen, linkWithHistory, compareDoses, type VaccinatedAt } from './decide.js';
export { FIELDS, LEVELS } from './compare.js';
export type { LinkConfig } from '../config/link.js';
