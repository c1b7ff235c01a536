import type { Answerer } from '../answer/answerer.ts';
import type { Cohort, DiagnosticsService } from '../diagnostics/diagnostics-service.ts';
import type { DigestService, DigestTarget } from '../digests/digest-service.ts';
import { isTimezone } from '../digests/schedule.ts';
import { evidenceChart } from '../evidence/chart.ts';
import type { EvidenceService } from '../evidence/evidence-service.ts';
import type { FollowupService, Reach } from '../followup/followup-service.ts';
import { isFollowupToken } from '../followup/tokens.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { type CoachText, fill } from '../prompts/coach-text.ts';
import type {
  AnswerReply,
  DeclineReply,
  DiagnosticReply,
  DigestReply,
  EvidenceReply,
  HelpReply,
  NoticeReply,
  Reply,
  ReportReply,
  ResultsReply,
  TopicsReply,
} from '../reply.ts';
import { profileChart } from '../reports/chart.ts';
import type { FollowupReports } from '../reports/followup-report.ts';
import type { ReportEngine } from '../reports/report-engine.ts';
import type { LinkPolicy } from '../safety/link-policy.ts';
import { neutraliseUntrusted } from '../safety/untrusted-text.ts';
import type { GapRow } from '../store/answer-store.ts';
import type { AnswerLog } from './answer-log.ts';
import { type Command, parseCommand } from './commands.ts';
import type { ConversationMemory } from './conversation-memory.ts';

export interface CoachDeps {
  knowledge: KnowledgeBase;
  diagnostics: DiagnosticsService;
  reports: ReportEngine;
  digests: DigestService;
  answerer: Answerer;
  text: CoachText;
  privacyNote: string;
  memory: ConversationMemory;
  log: AnswerLog;
  /** OPSCOACH_TIMEZONE: for a new digest when the platform gave no zone, or one this server does not know. */
  defaultTimezone: string;
  /** Figures from imported records, and "records say" beside report headlines. */
  evidence?: EvidenceService;
  /** Experiments after a diagnostic, check-ins, and their group figures. */
  followups?: FollowupService;
  followupReports?: FollowupReports;
  /** Where replies may link: words repeated from what someone typed can mention nobody and link nowhere else. */
  links: LinkPolicy;
}

export interface AskContext {
  /** Pseudonym of the person, for diagnostics and their own results. */
  person?: string;
  /** Where a diagnostic started from: the workspace, and the channel if it was one. */
  cohort?: Cohort;
  /** Pseudonym of the conversation (a DM, a thread, a terminal session); follow-ups use its history. */
  conversation?: string;
  /** Receives a model-written answer as it is written, for adapters that stream. */
  onDelta?: (text: string) => void;
  /** "/opscoach foo": a lone unknown word gets help instead of a search. */
  slash?: boolean;
  /** Whether the person may see reports and manage digests; the adapter decides, the core enforces. */
  admin?: boolean;
  /** The workspace or tenant whose group figures this person may see (all when undefined: the terminal). */
  workspace?: string;
  /** The channel a digest command is about, when it came from one. */
  digestTarget?: DigestTarget;
  /** Time zone for a new digest when none is given, as the platform names it (the person's). */
  timezone?: string;
}

/**
 * The one entry point every adapter calls. It takes what a person typed and returns a
 * platform-neutral Reply; adapters only translate events in and render replies out.
 */
export class Coach {
  constructor(private readonly deps: CoachDeps) {}

  async handle(text: unknown, context: AskContext = {}): Promise<Reply> {
    return this.run(parseCommand(text, { slash: context.slash }), context);
  }

  async run(command: Command, context: AskContext = {}): Promise<Reply> {
    switch (command.name) {
      case 'help':
        return this.help(command.unknown);
      case 'topics':
        return this.topics();
      case 'privacy':
        return this.privacy();
      case 'greeting':
        return this.greeting();
      case 'ask':
        return this.ask(command.question, context);
      case 'diagnose':
        return context.person
          ? this.deps.diagnostics.start(context.person, command.diagnostic, context.cohort)
          : this.help();
      case 'results':
        return context.person ? this.results(context.person) : this.help();
      case 'report':
        return this.report(command.diagnostic, command.weeks, context);
      case 'digest':
        return this.digest(command.words, context);
      case 'evidence':
        return this.evidence(command.weeks, command.service, context);
    }
  }

  /**
   * Figures measured from imported incidents and deployments, per service and overall, with a
   * chart; for the same people as reports.
   */
  evidence(weeks: number, service: string | undefined, context: AskContext = {}): EvidenceReply | NoticeReply {
    if (!context.admin) return { kind: 'notice', text: this.deps.text.not_authorised };
    const result = this.deps.evidence?.figures(weeks, service);
    if (!result || 'empty' in result) {
      return {
        kind: 'notice',
        text: 'No records have been imported yet. An operator imports exports at the terminal: `npx opscoach import pagerduty|servicenow|deployments FILE` (see the README).',
      };
    }
    // The name asked for was typed, and service names come from imported files: neither is ours.
    const safe = (text: string) => neutraliseUntrusted(text, this.deps.links);
    if ('unknown' in result) {
      const known = result.known.slice(0, 20).join(', ');
      return {
        kind: 'notice',
        text: safe(
          `No records name a service called “${result.unknown.slice(0, 60)}”. Services in the records: ${known}${result.known.length > 20 ? ', …' : ''}.`,
        ),
      };
    }
    const e = result.evidence;
    const evidence = {
      ...e,
      service: e.service === undefined ? undefined : safe(e.service),
      services: e.services.map((s) => ({ ...s, service: safe(s.service) })),
      dora: { ...e.dora, services: e.dora.services.map((s) => ({ ...s, service: safe(s.service) })) },
    };
    return { kind: 'evidence', evidence, chart: evidenceChart(evidence) };
  }

  /** Group results over a window, for authorised people only; every privacy rule applies in the engine. */
  report(diagnostic: string | undefined, weeks: number, context: AskContext = {}): ReportReply | NoticeReply {
    if (!context.admin) return { kind: 'notice', text: this.deps.text.not_authorised };
    const all = this.deps.diagnostics.diagnostics;
    const followupReports = this.deps.followupReports;
    const audience = { weeks, workspace: context.workspace, audience: 'private' as const };
    // `report experiments`: the experiment and check-in figures alone.
    if (diagnostic === 'experiments' && followupReports) {
      return {
        kind: 'report',
        reports: [],
        followups: followupReports.report(audience),
        minGroup: this.deps.reports.minGroup,
      };
    }
    const chosen = diagnostic ? this.deps.diagnostics.find(diagnostic) : undefined;
    if (diagnostic && !chosen) {
      return {
        kind: 'notice',
        text: `There is no diagnostic called “${diagnostic}”. Try ${all.map((d) => `\`report ${d.id}\``).join(' or ')}.`,
      };
    }
    const released = (chosen ? [chosen] : all).map((d) =>
      this.deps.reports.report(d, { weeks, workspace: context.workspace, audience: 'private' }),
    );
    const reports = this.deps.evidence?.annotate(released) ?? released;
    const followups = followupReports?.report(audience);
    return {
      kind: 'report',
      reports,
      chart: profileChart(reports),
      minGroup: this.deps.reports.minGroup,
      ...(followups ? { followups } : {}),
    };
  }

  /** `digest on|off|status|preview`: status is for anyone; changing or previewing needs authorisation. */
  digest(words: readonly string[], context: AskContext = {}): NoticeReply | DigestReply {
    const action = (words[0] ?? 'status').toLowerCase();
    if (action !== 'status' && !context.admin) return { kind: 'notice', text: this.deps.text.not_authorised };
    const target = context.digestTarget;
    if (!target || (target.platform === 'terminal' && action !== 'preview')) {
      return {
        kind: 'notice',
        text: 'Digests go to channels: run this in the channel that should get the weekly digest.',
      };
    }
    // Platforms name zones this server may not know; one stored with a subscription would break
    // every later digest run, so only known zones are used.
    const timezone = context.timezone && isTimezone(context.timezone) ? context.timezone : this.deps.defaultTimezone;
    return this.deps.digests.command(words, target, timezone);
  }

  /**
   * A button pressed in a diagnostic or a follow-up (the token the core issued for it). `reach`
   * is how the adapter can message this person later, needed only when they pick an experiment
   * or ask for a reminder; the core keeps it sealed and only until the message is sent.
   */
  diagnosticChoice(person: string, token: unknown, cohort: Cohort = {}, reach?: Reach): DiagnosticReply {
    const { followups } = this.deps;
    if (followups && isFollowupToken(token)) return followups.choose(person, token, reach, cohort);
    return this.withExperiments(person, this.deps.diagnostics.choose(person, token, cohort));
  }

  /** The optional free-text comment at the end of a diagnostic or a check-in; scrubbed before it is stored. */
  diagnosticComment(
    person: string,
    sessionId: string,
    text: string,
    ownNames: readonly string[] = [],
  ): DiagnosticReply {
    const { followups } = this.deps;
    if (followups?.has(sessionId)) return followups.comment(person, sessionId, text, ownNames);
    return this.withExperiments(person, this.deps.diagnostics.comment(person, sessionId, text, ownNames));
  }

  /** A result screen offers experiments for its weakest answers; other screens pass through. */
  private withExperiments(person: string, reply: DiagnosticReply): DiagnosticReply {
    return this.deps.followups ? this.deps.followups.offer(person, reply) : reply;
  }

  /** A check-in due for someone at the terminal, shown when their next session starts. */
  checkinInTerminal(person: string): DiagnosticReply | undefined {
    return this.deps.followups?.dueInTerminal(person);
  }

  /** What is kept of a diagnostic comment, said where the comment is typed. */
  commentNote(): string {
    return fill(this.deps.text.comment_note, { min_group: this.deps.reports.minGroup });
  }

  /** The list of diagnostics to start. */
  diagnosticMenu(): DiagnosticReply {
    return this.deps.diagnostics.menu();
  }

  /** The person's own latest results, their scores over time and the experiments they picked. */
  results(person: string): ResultsReply {
    const reply = this.deps.diagnostics.results(person);
    const history = this.deps.diagnostics.history(person);
    const experiments = this.deps.followups?.progress(person) ?? [];
    return {
      ...reply,
      ...(history.length ? { history } : {}),
      ...(experiments.length ? { experiments } : {}),
    };
  }

  /** Answers, logs the answer (scrubbed, no person) and remembers the turn for follow-ups. */
  async ask(question: string, context: AskContext = {}): Promise<AnswerReply | DeclineReply> {
    const { memory, log } = this.deps;
    const reply = await this.deps.answerer.answer(question, memory.history(context.conversation), {
      onDelta: context.onDelta,
    });
    if (reply.answered || reply.reason !== 'empty') reply.answerId = log.record(question, reply);
    if (reply.answered) memory.remember(context.conversation, question, reply.text);
    return reply;
  }

  /** Helpful / not helpful on an answer; the last click of a person counts. */
  feedback(answerId: string, respondent: string, helpful: boolean): NoticeReply {
    const known = this.deps.log.vote(answerId, respondent, helpful);
    return {
      kind: 'notice',
      text: known
        ? helpful
          ? 'Thanks, glad it helped.'
          : 'Thanks for saying so: the people who curate the knowledge base will see that this one fell short.'
        : 'That answer is too old to rate now; ask again and rate the new answer.',
    };
  }

  /** A logged answer as it was given, for sharing; undefined once forgotten. */
  shared(answerId: string): AnswerReply | undefined {
    const reply = this.deps.log.reply(answerId);
    return reply?.answered ? reply : undefined;
  }

  /** What the knowledge base could not answer well, for the people who curate it. */
  gaps(days: number): GapRow[] {
    return this.deps.log.gaps(days);
  }

  help(unknown?: string): HelpReply {
    const { text } = this.deps;
    // Diagnostics are data (prompts/diagnostics/): help names the ones there are.
    const diagnostics = this.deps.diagnostics.diagnostics;
    const names = diagnostics.map((d) => d.id).join('|');
    const titles = diagnostics.map((d) => d.title.toLowerCase()).join(' or ');
    return {
      kind: 'help',
      intro: unknown
        ? `I don't know the command “${neutraliseUntrusted(unknown, this.deps.links)}”. ${text.intro}`
        : text.intro,
      commands: [
        {
          usage: 'ask <question>',
          description: 'Ask anything about Ops Run It, You Build It You Run It and the practices between.',
        },
        { usage: 'topics', description: 'See what the knowledge base covers.' },
        {
          usage: `diagnose [${names}]`,
          description: `A two-minute check-up on ${titles}, answered with buttons.`,
        },
        {
          usage: 'results',
          description:
            'Your own diagnostic results, your scores over time and the experiments you tried (nobody else can see them).',
        },
        {
          usage: `report [${names}${this.deps.followupReports ? '|experiments' : ''}] [--weeks N]`,
          description: 'Group results, for the people who run Opscoach.',
        },
        {
          usage: 'evidence [--weeks N] [--service name]',
          description: 'Incident and deployment figures from imported records, for the people who run Opscoach.',
        },
        {
          usage: 'digest on [day] [time] [time zone] | off | status | preview',
          description: 'A weekly digest in this channel.',
        },
        { usage: 'privacy', description: 'What Opscoach stores and what it does not.' },
        { usage: 'help', description: 'Show this help.' },
      ],
      examples: text.starters.slice(0, 3),
    };
  }

  topics(): TopicsReply {
    return { kind: 'topics', groups: this.deps.knowledge.topics() };
  }

  privacy(): NoticeReply {
    return { kind: 'notice', text: this.deps.privacyNote };
  }

  greeting(): DeclineReply {
    const { text } = this.deps;
    return {
      kind: 'answer',
      answered: false,
      reason: 'empty',
      text: text.greeting,
      sources: [],
      suggestions: text.starters.slice(0, 4).map((q, i) => ({ id: `starter-${i + 1}`, title: q, question: q })),
    };
  }
}
