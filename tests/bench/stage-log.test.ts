// Reading stage timings and peak RSS out of the CLI's JSON log on stderr.
import { describe, expect, it } from 'vitest';
import { parseStageLog } from '../../src/bench/stage-log.js';

describe('parseStageLog', () => {
  it('keeps stage and done lines and ignores everything else', () => {
    const stderr = [
      '{"level":30,"time":"t","stage":"ingest","rows":4504,"ms":1159,"rowsPerSec":3886,"msg":"stage"}',
      'some warning text',
      '{"level":40,"msg":"something else"}',
      '{"level":30,"stage":"link","rows":4495,"ms":107,"msg":"stage"}',
      '{"level":30,"ms":2630,"peakRssMb":127,"inputRows":4504,"msg":"done"}',
      '{not json',
    ].join('\n');
    expect(parseStageLog(stderr)).toEqual({
      stages: [
        { stage: 'ingest', rows: 4504, ms: 1159 },
        { stage: 'link', rows: 4495, ms: 107 },
      ],
      peakRssMb: 127,
      doneMs: 2630,
    });
  });
  it('returns nulls when there is no done line', () => {
    expect(parseStageLog('')).toEqual({ stages: [], peakRssMb: null, doneMs: null });
  });
});
