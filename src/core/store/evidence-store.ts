import type { Db } from './database.ts';

/** One incident as kept: a service, a day and durations; never who raised, handled or fixed it. */
export interface IncidentRow {
  source: string;
  record: string;
  service: string;
  day: string;
  afterHours: boolean;
  ackSeconds?: number;
  restoreSeconds?: number;
  handoffs?: number;
  priority?: string;
}

/** One production deployment as kept. */
export interface DeploymentRow {
  source: string;
  record: string;
  service: string;
  day: string;
  leadSeconds?: number;
  outcome?: 'success' | 'failure' | 'rolled_back';
}

/** What saving a batch did: new records, records whose figures changed, records already known as they are. */
export interface SaveCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export interface StoredIncident {
  service: string;
  after_hours: number;
  ack_seconds: number | null;
  restore_seconds: number | null;
  handoffs: number | null;
}

export interface StoredDeployment {
  service: string;
  lead_seconds: number | null;
  outcome: string | null;
}

/**
 * Imported incidents and deployments, keyed by source and the export's own record id, so a
 * repeated or overlapping import updates what it knows instead of adding it twice.
 */
export class EvidenceStore {
  constructor(private readonly db: Db) {}

  /** Saves incidents; the caller runs this inside one transaction with everything else of the import. */
  saveIncidents(rows: readonly IncidentRow[]): SaveCounts {
    const count = () => this.countOf('evidence_incidents');
    const before = count();
    // The WHERE makes an identical row a no-op, so `changes` counts only new and changed rows.
    const upsert = this.db.prepare(
      `INSERT INTO evidence_incidents (source, record, service, day, after_hours, ack_seconds, restore_seconds, handoffs, priority)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, record) DO UPDATE SET
         service = excluded.service, day = excluded.day, after_hours = excluded.after_hours,
         ack_seconds = excluded.ack_seconds, restore_seconds = excluded.restore_seconds,
         handoffs = excluded.handoffs, priority = excluded.priority
       WHERE service IS NOT excluded.service OR day IS NOT excluded.day OR after_hours IS NOT excluded.after_hours
          OR ack_seconds IS NOT excluded.ack_seconds OR restore_seconds IS NOT excluded.restore_seconds
          OR handoffs IS NOT excluded.handoffs OR priority IS NOT excluded.priority`,
    );
    let changed = 0;
    for (const r of rows) {
      changed += upsert.run(
        r.source,
        r.record,
        r.service,
        r.day,
        r.afterHours ? 1 : 0,
        r.ackSeconds ?? null,
        r.restoreSeconds ?? null,
        r.handoffs ?? null,
        r.priority ?? null,
      ).changes;
    }
    return counts(rows.length, count() - before, changed);
  }

  saveDeployments(rows: readonly DeploymentRow[]): SaveCounts {
    const before = this.countOf('evidence_deployments');
    const upsert = this.db.prepare(
      `INSERT INTO evidence_deployments (source, record, service, day, lead_seconds, outcome)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, record) DO UPDATE SET
         service = excluded.service, day = excluded.day, lead_seconds = excluded.lead_seconds, outcome = excluded.outcome
       WHERE service IS NOT excluded.service OR day IS NOT excluded.day
          OR lead_seconds IS NOT excluded.lead_seconds OR outcome IS NOT excluded.outcome`,
    );
    let changed = 0;
    for (const r of rows) {
      changed += upsert.run(r.source, r.record, r.service, r.day, r.leadSeconds ?? null, r.outcome ?? null).changes;
    }
    return counts(rows.length, this.countOf('evidence_deployments') - before, changed);
  }

  /** Incidents created on the days from `from` to `to` (inclusive), optionally of one service (any case). */
  incidents(from: string, to: string, service?: string): StoredIncident[] {
    return this.db
      .prepare(
        `SELECT service, after_hours, ack_seconds, restore_seconds, handoffs FROM evidence_incidents
          WHERE day BETWEEN ? AND ? AND (? IS NULL OR service = ? COLLATE NOCASE)`,
      )
      .all(from, to, service ?? null, service ?? null) as StoredIncident[];
  }

  deployments(from: string, to: string, service?: string): StoredDeployment[] {
    return this.db
      .prepare(
        `SELECT service, lead_seconds, outcome FROM evidence_deployments
          WHERE day BETWEEN ? AND ? AND (? IS NULL OR service = ? COLLATE NOCASE)`,
      )
      .all(from, to, service ?? null, service ?? null) as StoredDeployment[];
  }

  /** Every service any record names, for telling someone which ones exist. */
  services(): string[] {
    return (
      this.db
        .prepare(
          'SELECT service FROM evidence_incidents UNION SELECT service FROM evidence_deployments ORDER BY service COLLATE NOCASE',
        )
        .all() as { service: string }[]
    ).map((r) => r.service);
  }

  /** How many records of each kind are stored at all. */
  totals(): { incidents: number; deployments: number } {
    return { incidents: this.countOf('evidence_incidents'), deployments: this.countOf('evidence_deployments') };
  }

  private countOf(table: 'evidence_incidents' | 'evidence_deployments'): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
}

function counts(total: number, added: number, changed: number): SaveCounts {
  return { added, updated: changed - added, unchanged: total - changed };
}
