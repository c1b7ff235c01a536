/**
 * The platform-neutral reply every capability returns. Adapters render it natively
 * (terminal text, Slack Block Kit, Teams Adaptive Cards) and add nothing of substance.
 */

/**
 * What a number in an answer ("[1]") points at: `n` is that number. Either the pages that say it,
 * under the title of the article (or glossary entry) quoted, or Opscoach's own suggestion, which
 * every adapter shows as ours and never with a playbook link.
 */
export type Source = PageSource | SuggestionSource;

export interface PageSource {
  n: number;
  kind: 'pages';
  /** The article quoted. */
  id: string;
  title: string;
  /** One or more pages that support what was quoted, first the main one. */
  pages: { title: string; url: string }[];
}

export interface SuggestionSource {
  n: number;
  kind: 'suggestion';
  /** The article whose advice this is. */
  id: string;
  title: string;
}

/** How every adapter labels advice that is Opscoach's rather than the playbook's. */
export const SUGGESTION_LABEL = "Opscoach's suggestion";

/**
 * What every platform says under an answer about how it was written, so people weigh it as
 * such: written once here, rendered by each adapter in its own style.
 */
export const AI_NOTE: Readonly<Record<AnswerReply['mode'], string>> = {
  model: 'Written by an AI model from the knowledge base. Check the sources before acting on it.',
  offline: 'Quoted from the knowledge base by an automated coach. Check the sources before acting on it.',
};

export type DeclineReason = 'unknown' | 'empty' | 'too-long' | 'refused';

export interface AnswerReply {
  kind: 'answer';
  answered: true;
  /** Markdown with numbered citations ("[1]") that match `sources`. */
  text: string;
  sources: Source[];
  /** How it was written: extractive from passages, or by the model from passages. */
  mode: 'offline' | 'model';
  /** Related articles worth asking about next. */
  suggestions: Suggestion[];
  /** Opaque id of the logged answer, for feedback and share buttons. */
  answerId?: string;
}

export interface DeclineReply {
  kind: 'answer';
  answered: false;
  reason: DeclineReason;
  text: string;
  sources: [];
  suggestions: Suggestion[];
  answerId?: string;
}

export interface Suggestion {
  id: string;
  title: string;
  /** A question that asks for this article, e.g. for a button. */
  question: string;
}

export interface HelpReply {
  kind: 'help';
  intro: string;
  commands: { usage: string; description: string }[];
  examples: string[];
}

export interface TopicsReply {
  kind: 'topics';
  groups: { topic: string; articles: { id: string; title: string; summary: string; url: string }[] }[];
}

export interface NoticeReply {
  kind: 'notice';
  text: string;
}

/** A button in a diagnostic: its label and the opaque token the core issued for it. */
export interface DiagnosticChoice {
  label: string;
  token: string;
  /** option: an answer; primary: the way forward; nav: back / skip; danger: cancel. */
  style: 'option' | 'primary' | 'nav' | 'danger';
  /** For an option shown beside its label, the button's own words (e.g. "Try this"). */
  button?: string;
}

export interface DiagnosticResultView {
  diagnostic: string;
  title: string;
  /** 0-100, or undefined when too few questions were answered to score. */
  score?: number;
  profile?: { id: string; name: string; summary: string };
  answered: number;
  total: number;
  weakest: { question: string; answer: string; why: string; article: ArticleLink }[];
  recommended: ArticleLink[];
  /** Which DORA cluster the answers resemble; indicative, never a target. */
  dora?: { band: string; label: string };
  week: string;
  /** Small experiments for the weakest answers; on the result screen one can be picked. */
  experiments?: ExperimentOffer[];
}

/** One small, concrete thing to try for a weak answer, from the article it comes from. */
export interface ExperimentOffer {
  id: string;
  title: string;
  text: string;
  article: ArticleLink;
  /** On a result screen, the token of the choice that picks it. */
  token?: string;
}

export interface ArticleLink {
  id: string;
  title: string;
  url: string;
}

export type DiagnosticStage =
  | 'choose'
  | 'resume'
  | 'notice'
  | 'context'
  | 'consent'
  | 'question'
  | 'comment'
  | 'result'
  | 'cancelled'
  | 'expired'
  | 'unavailable'
  /** An experiment picked after a diagnostic: when the check-in comes, or that it was cancelled. */
  | 'experiment'
  /** A check-in asking how an experiment went, and what follows the answer. */
  | 'checkin';

/** One screen of a diagnostic: what to show and which buttons to offer. Adapters update it in place. */
export interface DiagnosticReply {
  kind: 'diagnostic';
  title: string;
  stage: DiagnosticStage;
  sessionId?: string;
  progress?: { current: number; total: number };
  /** Markdown. */
  text: string;
  /** A friendly aside, e.g. "You already answered that one". */
  note?: string;
  choices: DiagnosticChoice[];
  /** At the comment stage: the session accepts typed text through the coach's comment call. */
  acceptsComment?: boolean;
  result?: DiagnosticResultView;
}

/** A person's own latest results, one per diagnostic. Nobody else's are ever shown. */
export interface ResultsReply {
  kind: 'results';
  results: DiagnosticResultView[];
  /** Buttons to take a diagnostic. */
  choices: DiagnosticChoice[];
  /** The person's own scores over time, per diagnostic, oldest first (when they answered more than once). */
  history?: ScoreHistory[];
  /** The experiments the person picked, newest first, and what became of each. */
  experiments?: ExperimentProgress[];
}

export interface ScoreHistory {
  diagnostic: string;
  title: string;
  points: { week: string; score?: number; profile?: string }[];
}

export interface ExperimentProgress {
  title: string;
  /** The diagnostic it was picked after, by title. */
  diagnostic: string;
  /** ISO week it was picked in. */
  picked: string;
  /** Where it stands, in plain words ("check-in due Monday 16 March", "tried it: it helped"). */
  status: string;
  /** The diagnostic's score when it was picked and at the retake after it, when there was one. */
  scores?: { before?: number; after?: number };
}

/** One diagnostic's group results over a window, after every privacy rule has been applied. */
export interface DiagnosticReport {
  diagnostic: string;
  title: string;
  /** The weeks shown, ending with the week the figures were last published in. */
  window: { weeks: number; from: string; to: string };
  /** The weeks asked for, when a different number is shown: a window starts only where k people separate it from the next. */
  asked?: number;
  /** The smallest group shown, and the smallest step in which figures change. */
  k: number;
  /** too-few: fewer than k responded, and nothing else is released. */
  status: 'ok' | 'too-few';
  respondents?: string;
  averageScore?: number;
  profiles?: { id: string; name: string; share: number }[];
  headlines?: { id: string; label: string; value: string }[];
  /** The answer most people found weak, with what to read about it. */
  pain?: { question: string; why: string; share: number; article: ArticleLink };
  trend?:
    | { direction: 'up' | 'down' | 'steady'; change: number; previousRespondents: string; previousWeeks: number }
    | { direction: 'unknown'; reason: string };
  questions?: { id: string; text: string; options: { code: string; label: string; share: number }[] }[];
  slices?: {
    dimension: 'role' | 'sourcing' | 'channel';
    /** Slices cover this many weeks, up to the report's last week, whatever window was asked for. */
    weeks: number;
    groups: { value: string; respondents: string; averageScore?: number; topProfile?: string }[];
    hidden: number;
  }[];
  /** Free text, only in private reports, only when there are enough comments; shuffled, undated. */
  comments?: string[];
  /** What imported records say beside the matching headlines (services, not people). */
  records?: RecordsLine[];
}

/** A rendered chart: PNG bytes plus the same picture in words for text adapters and screen readers. */
export interface ChartImage {
  png?: Uint8Array;
  alt: string;
}

export interface ReportReply {
  kind: 'report';
  reports: DiagnosticReport[];
  chart?: ChartImage;
  /** Experiments and check-ins over the same weeks, after every privacy rule. */
  followups?: FollowupReport;
  /** OPSCOACH_MIN_GROUP: the fewest people any shown figure stands for. */
  minGroup: number;
}

/**
 * What the people who picked an experiment in a window did with it, for a group: released by the
 * report engine's rules (published releases only, windows cut where k people separate them, k,
 * bands, rounding, small or barely changed kinds hidden). A figure whose group is under k is left
 * out rather than shown.
 */
export interface FollowupReport {
  /** Weeks people picked in, ending with the week the figures were last published. */
  window: { weeks: number; from: string; to: string };
  /** The weeks asked for, when the window shown has another length (see DiagnosticReport.asked). */
  asked?: number;
  k: number;
  /** too-few: fewer than k people picked an experiment in the window, and nothing is released. */
  status: 'ok' | 'too-few';
  /** People who picked an experiment in the window, as a band. */
  picked?: string;
  /** Of them, those who answered their check-in, as a band. */
  answered?: string;
  /** Of the check-ins answered, the share that had tried the experiment, and each answer's share. */
  tried?: number;
  outcomes?: { outcome: 'helped' | 'no-change' | 'worse' | 'not-yet'; label: string; share: number }[];
  /**
   * Per kind of experiment tried, over `weeks` weeks to the window's end like a report's slices:
   * how many tried it (a band) and the share who said it helped.
   */
  kinds?: { weeks: number; groups: { kind: string; label: string; tried: string; helped: number }[]; hidden: number };
  /** Of them, those who retook the diagnostic afterwards: their average change in score. */
  retook?: { people: string; change: number; direction: 'up' | 'down' | 'steady' };
  /** Check-in comments, only in private reports and only when there are enough; shuffled, undated. */
  comments?: string[];
}

/** The weekly digest for a channel: a tip, the group figures when they qualify, and a way in. */
export interface DigestReply {
  kind: 'digest';
  title: string;
  week: string;
  tip: ArticleLink & { summary: string };
  /** Channel audience: never comments, every privacy rule applied. */
  reports: DiagnosticReport[];
  /** Shown when no diagnostic has enough responses yet. */
  invitation?: string;
  choices: DiagnosticChoice[];
  chart?: ChartImage;
  /** Shown to one person only, before it goes to the channel. */
  preview?: boolean;
  /** Experiments picked and tried, under the same rules as every group figure (never comments). */
  followups?: FollowupReport;
  /** OPSCOACH_MIN_GROUP: the fewest people any shown figure stands for. */
  minGroup: number;
}

export type Reply =
  | AnswerReply
  | DeclineReply
  | HelpReply
  | TopicsReply
  | NoticeReply
  | DiagnosticReply
  | ResultsReply
  | ReportReply
  | DigestReply
  | EvidenceReply;

/** One earlier exchange, supplied by the adapter so follow-up questions keep their context. */
export interface Turn {
  question: string;
  answer: string;
}

/**
 * Figures measured from imported records (incidents, deployments) over a window, for a set of
 * services or all of them. Counts are always numbers; every other figure is null where the
 * records hold nothing to measure it from. Shares are fractions from 0 to 1.
 */
export interface EvidenceFigures {
  incidents: number;
  handoffs_median: number | null;
  multi_handoff_share: number | null;
  ack_minutes_median: number | null;
  restore_minutes_median: number | null;
  after_hours_share: number | null;
  deployments: number;
  deploys_per_week: number | null;
  lead_time_hours_median: number | null;
  change_failure_rate: number | null;
}

export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

/** The DORA band of each figure DORA defines one for; absent where the figure is null. */
export interface DoraBands {
  deploys_per_week?: DoraBand;
  lead_time_hours_median?: DoraBand;
  change_failure_rate?: DoraBand;
  restore_minutes_median?: DoraBand;
}

export interface Evidence {
  /** First and last day of the window (YYYY-MM-DD, UTC). */
  window: { from: string; to: string };
  weeks: number;
  /** The one service asked about, when it was. */
  service?: string;
  overall: EvidenceFigures;
  services: (EvidenceFigures & { service: string })[];
  dora: {
    /** Where the bands come from, e.g. "DORA, Accelerate State of DevOps Report 2023". */
    source: string;
    overall: DoraBands;
    services: (DoraBands & { service: string })[];
  };
}

export interface EvidenceReply {
  kind: 'evidence';
  evidence: Evidence;
  chart?: ChartImage;
}

/** "Records say": what imported records show beside one diagnostic headline, in plain words. */
export interface RecordsLine {
  /** The diagnostic headline it sits beside: its id and its label. */
  headline: string;
  headlineLabel: string;
  /** What the line is called, e.g. "Records say". */
  label: string;
  /** The records' figure in words, e.g. "1 handoff, so about 2 teams or people". */
  records: string;
  /** How the records and what people said compare, in plain words. */
  gap: string;
  article: ArticleLink;
}
