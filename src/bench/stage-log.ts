// Parsing the CLI's pino JSON log lines: one {"msg":"stage"} per pipeline stage and a final {"msg":"done"}.

export interface Stage {
  stage: string;
  rows: number;
  ms: number;
}

export interface RunLog {
  stages: Stage[];
  peakRssMb: number | null;
  doneMs: number | null;
}

/** Pull the {"msg":"stage"} and {"msg":"done"} lines out of a pino JSON log. */
export function parseStageLog(stderr: string): RunLog {
  const stages: Stage[] = [];
  let peakRssMb: number | null = null;
  let doneMs: number | null = null;
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const o = JSON.parse(line) as Record<string, unknown>;
      if (o.msg === 'stage' && typeof o.stage === 'string')
        stages.push({ stage: o.stage, rows: Number(o.rows ?? 0), ms: Number(o.ms ?? 0) });
      if (o.msg === 'done') {
        if (typeof o.peakRssMb === 'number') peakRssMb = o.peakRssMb;
        if (typeof o.ms === 'number') doneMs = o.ms;
      }
    } catch {
      // not a log line
    }
  }
  return { stages, peakRssMb, doneMs };
}
