import { join } from 'node:path';
import { type Config, ConfigError, DEFAULT_DB, secretsOf } from './config.ts';
import type { AdapterApi } from './core/adapter-api.ts';
import { Answerer } from './core/answer/answerer.ts';
import { AnswerLog, QUESTION_LOG_DAYS, SHARE_DAYS } from './core/coach/answer-log.ts';
import { Coach } from './core/coach/coach.ts';
import { ConversationMemory } from './core/coach/conversation-memory.ts';
import { loadDiagnostics } from './core/diagnostics/definition.ts';
import { DiagnosticsService } from './core/diagnostics/diagnostics-service.ts';
import { isoWeek } from './core/diagnostics/week.ts';
import { DigestService } from './core/digests/digest-service.ts';
import { EvidenceService } from './core/evidence/evidence-service.ts';
import { loadEvidenceWording } from './core/evidence/wording.ts';
import { loadExperiments } from './core/followup/experiments.ts';
import { FollowupService } from './core/followup/followup-service.ts';
import { KnowledgeBase } from './core/knowledge/knowledge-base.ts';
import type { Logger } from './core/logging/logger.ts';
import { Metrics } from './core/metrics/metrics.ts';
import { createModelSupport, type ModelSettings } from './core/model/model-support.ts';
import { Pseudonymizer } from './core/privacy/pseudonym.ts';
import { Sealer } from './core/privacy/sealed.ts';
import { type CoachText, fill, loadCoachText } from './core/prompts/coach-text.ts';
import { PROMPTS_DIR, readPromptFile } from './core/prompts/prompts-dir.ts';
import { FollowupReports } from './core/reports/followup-report.ts';
import { COMMENT_MIN, ReportEngine, SLICE_WEEKS } from './core/reports/report-engine.ts';
import { LinkPolicy } from './core/safety/link-policy.ts';
import { GeneralEnglish } from './core/search/general-english.ts';
import { Retriever } from './core/search/retriever.ts';
import { Store } from './core/store/store.ts';
import { daysBefore } from './core/store/time.ts';

export interface RuntimeOptions {
  /** Overrides for tests and benchmarks. */
  builtInKnowledgeDir?: string;
  promptsDir?: string;
  now?: () => Date;
  /**
   * Servers must be given OPSCOACH_PSEUDONYM_SECRET; the terminal coach (local mode) may make one
   * per database file instead.
   */
  requirePseudonymSecret?: boolean;
  /** Also collect process figures (memory, CPU, event-loop lag) for /metrics: servers only. */
  processMetrics?: boolean;
}

/** What a runtime is made of: built once from configuration by CoachRuntime.create. */
interface RuntimeParts {
  config: Config;
  logger: Logger;
  store: Store;
  knowledge: KnowledgeBase;
  retriever: Retriever;
  text: CoachText;
  coach: Coach;
  pseudonyms: Pseudonymizer;
  digests: DigestService;
  metrics: Metrics;
  now: () => Date;
  answerer: Answerer;
  followups: FollowupService;
}

/**
 * The composition root: wires the core from configuration, for the server (main.ts), the
 * terminal (cli/) and tests. Chat adapters are given it only as an AdapterApi (the coach,
 * identity and the store operations at the edge), never as the whole store or environment.
 */
export class CoachRuntime implements AdapterApi {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  readonly knowledge: KnowledgeBase;
  readonly retriever: Retriever;
  readonly text: CoachText;
  readonly coach: Coach;
  readonly pseudonyms: Pseudonymizer;
  readonly digests: DigestService;
  readonly metrics: Metrics;
  readonly now: () => Date;
  /** Experiments and check-ins: the check-in scheduler sends what it says is due. */
  readonly followups: FollowupService;
  private readonly answerer: Answerer;

  private constructor(parts: RuntimeParts) {
    this.config = parts.config;
    this.logger = parts.logger;
    this.store = parts.store;
    this.knowledge = parts.knowledge;
    this.retriever = parts.retriever;
    this.text = parts.text;
    this.coach = parts.coach;
    this.pseudonyms = parts.pseudonyms;
    this.digests = parts.digests;
    this.metrics = parts.metrics;
    this.now = parts.now;
    this.followups = parts.followups;
    this.answerer = parts.answerer;
  }

  get events(): AdapterApi['events'] {
    return this.store.events;
  }

  get addresses(): AdapterApi['addresses'] {
    return this.store.digests;
  }

  /**
   * Opens the database (which also keeps what start-up derives from content, so an unchanged
   * knowledge base is not parsed again), validates content (a bad article or prompt stops
   * start-up with its path) and brings the search index up to date.
   */
  static create(config: Config, logger: Logger, options: RuntimeOptions = {}): CoachRuntime {
    if (options.requirePseudonymSecret && !config.OPSCOACH_PSEUDONYM_SECRET) {
      throw new ConfigError(
        'Invalid OPSCOACH_PSEUDONYM_SECRET: expected a random secret of at least 16 characters; the server needs it to pseudonymise people (e.g. openssl rand -hex 32).',
      );
    }
    const store = Store.open(config.OPSCOACH_DB, {
      logger,
      createFolder: config.OPSCOACH_DB === DEFAULT_DB,
      releases: { every: config.OPSCOACH_MIN_GROUP, comments: COMMENT_MIN, sliceWeeks: SLICE_WEEKS },
    });
    try {
      const knowledge = KnowledgeBase.load(config.KNOWLEDGE_DIRS, options.builtInKnowledgeDir, store.derived);
      const promptsDir = options.promptsDir ?? PROMPTS_DIR;
      const text = loadCoachText(promptsDir, store.derived);
      const privacyNote = fill(readPromptFile('privacy.md', promptsDir).trim(), {
        min_group: config.OPSCOACH_MIN_GROUP,
        retention_days: config.OPSCOACH_RETENTION_DAYS,
      });
      const catalogue = loadDiagnostics(
        (id) => knowledge.article(id) !== undefined,
        join(promptsDir, 'diagnostics'),
        store.derived,
      );
      const evidenceWording = loadEvidenceWording(
        catalogue.diagnostics,
        (id) => knowledge.article(id) !== undefined,
        promptsDir,
        store.derived,
      );
      const experiments = loadExperiments(
        catalogue.diagnostics,
        (id) => knowledge.article(id) !== undefined,
        join(promptsDir, 'experiments'),
        store.derived,
      );
      const modelSettings = modelSettingsFrom(config);
      const model = modelSettings ? createModelSupport(modelSettings, logger, promptsDir) : undefined;
      GeneralEnglish.prime(store.derived);
      const metrics = new Metrics({ process: options.processMetrics });
      const links = new LinkPolicy(knowledge.linkTargets(), config.OPSCOACH_ALLOWED_LINKS);
      const retriever = new Retriever(knowledge, store.knowledgeIndex, store.derived);
      if (retriever.ensureIndexed()) {
        logger.info(
          { articles: knowledge.articles.length, passages: knowledge.passages.length },
          'knowledge index rebuilt',
        );
      }
      const answerer = new Answerer({
        knowledge,
        retriever,
        text,
        logger,
        writer: model?.writer(links),
        enhancer: model?.enhancer(knowledge, store.embeddings),
        metrics,
      });
      const now = options.now ?? (() => new Date());
      const secret = config.OPSCOACH_PSEUDONYM_SECRET ?? store.secrets.getOrCreate('pseudonym');
      const pseudonyms = new Pseudonymizer(secret);
      const log = new AnswerLog(store.answers, now, pseudonyms);
      // Follow-ups need the diagnostics (for a person's latest result) and the diagnostics tell
      // follow-ups of every completion (for retakes): the second link is made once both exist.
      let followups: FollowupService | undefined;
      const diagnostics = new DiagnosticsService({
        catalogue,
        knowledge,
        sessions: store.sessions,
        people: store.people,
        responses: store.responses,
        pseudonyms,
        now,
        atomically: (work) => store.transaction(work),
        minGroup: config.OPSCOACH_MIN_GROUP,
        metrics,
        onComplete: (completed) => followups?.recordRetake(completed),
      });
      followups = new FollowupService({
        store: store.followups,
        experiments,
        diagnostics,
        knowledge,
        pseudonyms,
        sealer: new Sealer(secret),
        now,
        timezone: config.OPSCOACH_TIMEZONE,
        minGroup: config.OPSCOACH_MIN_GROUP,
        metrics,
      });
      const followupReports = new FollowupReports(store.followups, experiments, config.OPSCOACH_MIN_GROUP, now, links);
      const reports = new ReportEngine(store.responses, knowledge, config.OPSCOACH_MIN_GROUP, now, links);
      const evidence = new EvidenceService({
        store: store.evidence,
        diagnostics: catalogue.diagnostics,
        knowledge,
        wording: evidenceWording,
        now,
      });
      const digests = new DigestService({
        evidence,
        followups: followupReports,
        store: store.digests,
        reports,
        diagnostics: catalogue.diagnostics,
        knowledge,
        logger,
        now,
        links,
      });
      const coach = new Coach({
        knowledge,
        diagnostics,
        reports,
        digests,
        answerer,
        text,
        privacyNote,
        memory: new ConversationMemory(store.conversations, now),
        log,
        defaultTimezone: config.OPSCOACH_TIMEZONE,
        evidence,
        followups,
        followupReports,
        links,
      });
      logger.info(
        { mode: model ? 'model' : 'offline', model: model ? config.OPENAI_MODEL : undefined },
        model ? 'coach ready: model answers with offline fallback' : 'coach ready: offline answers',
      );
      const runtime = new CoachRuntime({
        config,
        logger,
        store,
        knowledge,
        retriever,
        text,
        coach,
        pseudonyms,
        digests,
        metrics,
        now,
        answerer,
        followups,
      });
      runtime.housekeeping(now());
      return runtime;
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /**
   * Answers a spread of questions offline, a few times over, before the server says it is
   * ready: without it the first requests after a deploy run cold and acknowledge slowly.
   */
  warmUp(rounds = 20): void {
    const questions = [...this.text.starters, ...this.knowledge.articles.map((a) => a.title)];
    for (let i = 0; i < rounds; i++) this.answerer.warmUp(questions);
  }

  /** Forgets what has outlived its purpose: expired conversations, event ids, old answer logs. */
  housekeeping(now = new Date()): void {
    this.store.conversations.purgeExpired(now);
    this.store.sessions.housekeeping(now);
    const cutOff = daysBefore(now, this.config.OPSCOACH_RETENTION_DAYS);
    this.store.responses.expireBefore(cutOff, isoWeek(new Date(`${cutOff}T00:00:00Z`)));
    this.followups.housekeeping(cutOff);
    this.store.events.purgeExpired(now);
    this.store.answers.purge(now, SHARE_DAYS, QUESTION_LOG_DAYS);
  }

  close(): void {
    this.store.close();
  }
}

/** Model answers are on when a key or an OpenAI-compatible endpoint is configured. */
export function modelSettingsFrom(config: Config): ModelSettings | undefined {
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) return undefined;
  return {
    apiKey: config.OPENAI_API_KEY,
    baseUrl: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    embeddingModel: config.OPENAI_EMBEDDING_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxTokens: config.OPENAI_MAX_TOKENS,
    secrets: secretsOf(config),
  };
}
