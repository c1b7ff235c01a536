/**
 * The platform-neutral reply every capability returns. Adapters render it natively
 * (terminal text, Slack Block Kit, Teams Adaptive Cards) and add nothing of substance.
 */

/** A cited article: `n` is the number used in the answer text ("[1]"). */
export interface Source {
  n: number;
  id: string;
  title: string;
  url: string;
}

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

export type Reply = AnswerReply | DeclineReply | HelpReply | TopicsReply | NoticeReply;

/** One earlier exchange, supplied by the adapter so follow-up questions keep their context. */
export interface Turn {
  question: string;
  answer: string;
}
