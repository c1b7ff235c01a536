import type { Logger } from '../logging/logger.ts';
import { AnswerStore } from './answer-store.ts';
import { ConversationStore } from './conversation-store.ts';
import { type Db, type OpenOptions, openDatabase } from './database.ts';
import { DerivedCacheStore } from './derived-cache-store.ts';
import { DiagnosticSessionStore } from './diagnostic-session-store.ts';
import { DigestStore } from './digest-store.ts';
import { EmbeddingStore } from './embedding-store.ts';
import { EventStore } from './event-store.ts';
import { EvidenceStore } from './evidence-store.ts';
import { FollowupStore } from './followup-store.ts';
import { KnowledgeIndexStore } from './knowledge-index-store.ts';
import { PersonStore } from './person-store.ts';
import { type ReleaseRules, ResponseStore } from './response-store.ts';
import { SecretStore } from './secret-store.ts';

/** The SQLite file and the repositories over it; everything SQL lives under this folder. */
export class Store {
  readonly knowledgeIndex: KnowledgeIndexStore;
  readonly embeddings: EmbeddingStore;
  readonly secrets: SecretStore;
  readonly conversations: ConversationStore;
  readonly answers: AnswerStore;
  readonly events: EventStore;
  readonly people: PersonStore;
  readonly sessions: DiagnosticSessionStore;
  readonly responses: ResponseStore;
  readonly digests: DigestStore;
  readonly evidence: EvidenceStore;
  readonly followups: FollowupStore;
  readonly derived: DerivedCacheStore;

  private constructor(
    readonly db: Db,
    releases?: ReleaseRules,
  ) {
    this.knowledgeIndex = new KnowledgeIndexStore(db);
    this.embeddings = new EmbeddingStore(db);
    this.secrets = new SecretStore(db);
    this.conversations = new ConversationStore(db);
    this.answers = new AnswerStore(db);
    this.events = new EventStore(db);
    this.people = new PersonStore(db);
    this.sessions = new DiagnosticSessionStore(db);
    this.responses = new ResponseStore(db, releases);
    this.digests = new DigestStore(db);
    this.evidence = new EvidenceStore(db);
    this.followups = new FollowupStore(db, releases);
    this.derived = new DerivedCacheStore(db);
  }

  /** `releases`: when report figures are published (k, and how many new comments); k = 5 and 10 unless given. */
  static open(path: string, options: OpenOptions & { logger?: Logger; releases?: ReleaseRules } = {}): Store {
    return new Store(openDatabase(path, options), options.releases);
  }

  /** Runs work in one transaction (nested calls become savepoints); it commits only if work returns. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Whether the database still answers a query: for readiness checks. */
  isAnswering(): boolean {
    try {
      this.db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
