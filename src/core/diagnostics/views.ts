import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { fill } from '../prompts/coach-text.ts';
import type { ArticleLink, DiagnosticChoice, DiagnosticReply, DiagnosticResultView } from '../reply.ts';
import type { SessionRecord } from '../store/diagnostic-session-store.ts';
import type { Diagnostic, DiagnosticContext } from './definition.ts';
import { NOT_SURE, type Score } from './scoring.ts';
import { type StageLetter, token } from './tokens.ts';

/** Wording of the engine's own screens; the questions themselves come from prompts/diagnostics/. */
const DORA_LABELS: Record<string, string> = {
  low: 'Low performers',
  medium: 'Medium performers',
  high: 'High performers',
  elite: 'Elite performers',
};

/** Builds the platform-neutral screens of a diagnostic. No state changes here. */
export class DiagnosticViews {
  constructor(
    private readonly context: DiagnosticContext,
    private readonly knowledge: KnowledgeBase,
    /** The smallest group a report shows (OPSCOACH_MIN_GROUP), as promised on screen. */
    private readonly minGroup: number,
  ) {}

  menu(diagnostics: readonly Diagnostic[], note?: string): DiagnosticReply {
    return {
      kind: 'diagnostic',
      title: 'Diagnostics',
      stage: 'choose',
      text: `Two-minute check-ups, answered with buttons. Pick one:\n\n${diagnostics
        .map((d) => `- **${d.title}**: ${d.summary}`)
        .join('\n')}`,
      note,
      choices: diagnostics.map((d) => ({ label: d.title, token: token.start(d.id), style: 'primary' })),
    };
  }

  resume(d: Diagnostic, s: SessionRecord): DiagnosticReply {
    const where = s.stage === 'question' ? `question ${s.step + 1} of ${d.questions.length}` : 'the start';
    return {
      kind: 'diagnostic',
      title: d.title,
      stage: 'resume',
      sessionId: s.id,
      text: `You already have **${d.title}** in progress, at ${where}. Carry on where you left off, or start again?`,
      choices: [
        { label: 'Carry on', token: token.resume(s.id), style: 'primary' },
        { label: 'Start again', token: token.restart(s.id), style: 'nav' },
        { label: 'Cancel', token: act(s, 'cancel'), style: 'danger' },
      ],
    };
  }

  /** The screen for wherever the session is now. */
  current(d: Diagnostic, s: SessionRecord, note?: string): DiagnosticReply {
    const base = { kind: 'diagnostic' as const, title: d.title, sessionId: s.id, note };
    switch (s.stage) {
      case 'notice':
        return {
          ...base,
          stage: 'notice',
          text: `**${d.title}** takes about ${d.minutes} minutes: ${d.questions.length} questions, answered with buttons.\n\n${fill(this.context.notice, { min_group: this.minGroup })}`,
          choices: [
            { label: 'Start', token: act(s, 'ok'), style: 'primary' },
            { label: 'Not now', token: act(s, 'cancel'), style: 'danger' },
          ],
        };
      case 'context': {
        const q = this.context.questions[s.step];
        return {
          ...base,
          stage: 'context',
          text: `${q?.text ?? ''}\n\n_Asked once, optional, and only ever used for group results of ${this.minGroup} or more._`,
          choices: [
            ...(q?.options ?? []).map(
              (o): DiagnosticChoice => ({ label: o.label, token: act(s, o.code), style: 'option' }),
            ),
            { label: 'Prefer not to say', token: act(s, 'skip'), style: 'nav' },
            { label: 'Cancel', token: act(s, 'cancel'), style: 'danger' },
          ],
        };
      }
      case 'consent':
        return {
          ...base,
          stage: 'consent',
          text: `You started this in a channel. May your answers also count towards that channel’s group results? (Groups under ${this.minGroup} are never shown.)`,
          choices: [
            { label: 'Yes, count them', token: act(s, 'yes'), style: 'primary' },
            { label: 'No, just the organisation', token: act(s, 'no'), style: 'nav' },
          ],
        };
      case 'question': {
        const q = d.questions[s.step];
        const chosen = q ? s.answers[q.id] : undefined;
        return {
          ...base,
          stage: 'question',
          progress: { current: s.step + 1, total: d.questions.length },
          text: `**Question ${s.step + 1} of ${d.questions.length}**\n\n${q?.text ?? ''}`,
          choices: [
            ...(q?.options ?? []).map(
              (o): DiagnosticChoice => ({
                label: chosen === o.code ? `${o.label} (your answer)` : o.label,
                token: act(s, o.code),
                style: 'option',
              }),
            ),
            { label: 'Not sure', token: act(s, NOT_SURE), style: 'option' },
            ...(s.step > 0 ? [{ label: 'Back', token: act(s, 'back'), style: 'nav' as const }] : []),
            { label: 'Skip', token: act(s, 'skip'), style: 'nav' },
            { label: 'Cancel', token: act(s, 'cancel'), style: 'danger' },
          ],
        };
      }
      case 'comment':
        return {
          ...base,
          stage: 'comment',
          acceptsComment: true,
          text: `Last one, and optional: anything you would like to add? It is stored without your name, scrubbed of emails, mentions, phone numbers and links, and never shown for groups under ${this.minGroup}.`,
          choices: [
            { label: 'Finish', token: act(s, 'finish'), style: 'primary' },
            { label: 'Back', token: act(s, 'back'), style: 'nav' },
          ],
        };
      case 'cancelled':
        return {
          ...base,
          stage: 'cancelled',
          text: `**${d.title}** cancelled; nothing was saved.`,
          choices: [restartChoice(d)],
        };
      case 'expired':
        return {
          ...base,
          stage: 'expired',
          text: `This **${d.title}** was left unfinished for more than a day, so it has expired and nothing was saved.`,
          choices: [restartChoice(d)],
        };
      case 'done':
        return { ...base, stage: 'result', text: `You have finished **${d.title}**.`, choices: [] };
    }
  }

  result(d: Diagnostic, score: Score, week: string): DiagnosticReply {
    const view = this.resultView(d, score, week);
    return {
      kind: 'diagnostic',
      title: d.title,
      stage: 'result',
      text: describeResult(view),
      choices: [restartChoice(d, 'Take it again')],
      result: view,
    };
  }

  resultView(d: Diagnostic, score: Score, week: string): DiagnosticResultView {
    const link = (id: string): ArticleLink[] => {
      const a = this.knowledge.article(id);
      return a ? [{ id: a.id, title: a.title, url: a.url }] : [];
    };
    const weakest = score.weakest.flatMap((w) =>
      link(w.question.article).map((article) => ({
        question: w.question.text,
        answer: w.option.label,
        why: w.question.weak,
        article,
      })),
    );
    const recommended = [
      ...new Set([...score.weakest.map((w) => w.question.article), ...(score.profile?.articles ?? [])]),
    ]
      .slice(0, 4)
      .flatMap(link);
    return {
      diagnostic: d.id,
      title: d.title,
      score: score.score,
      profile: score.profile
        ? { id: score.profile.id, name: score.profile.name, summary: score.profile.summary }
        : undefined,
      answered: score.answered,
      total: d.questions.length,
      weakest,
      recommended,
      dora: score.dora
        ? { band: score.dora, label: `${DORA_LABELS[score.dora]} (indicative, not a target)` }
        : undefined,
      week,
    };
  }
}

/** What picking an experiment from a result leads to, said once for every platform. */
export const EXPERIMENT_INVITATION =
  'Pick one to try over the next few weeks, or none: I will check in later to ask how it went.';

/** The result as Markdown, for text adapters and message fallbacks. */
export function describeResult(r: DiagnosticResultView): string {
  const lines: string[] = [];
  if (r.score === undefined || !r.profile) {
    lines.push(
      `**${r.title}**: you answered ${r.answered} of ${r.total} questions, too few for a score. Try again when you know a bit more.`,
    );
  } else {
    lines.push(`**${r.title}: ${r.profile.name}** (${r.score}/100)`, '', r.profile.summary);
  }
  if (r.dora) lines.push('', `Your release answers resemble DORA's **${r.dora.label}**.`);
  if (r.weakest.length > 0) {
    lines.push('', '**Where it hurts most**');
    for (const w of r.weakest) lines.push(`- ${w.why} _(You said: ${w.answer})_`);
  }
  if (r.recommended.length > 0) {
    lines.push('', '**Read next**');
    for (const a of r.recommended) lines.push(`- [${a.title}](${a.url})`);
  }
  if (r.experiments?.length) {
    lines.push('', '**One thing to try**', EXPERIMENT_INVITATION);
    for (const e of r.experiments)
      lines.push(`- **${e.title}**: ${e.text} (from [${e.article.title}](${e.article.url}))`);
  }
  return lines.join('\n');
}

const LETTER: Record<string, StageLetter> = { notice: 'n', context: 'c', consent: 'k', question: 'q', comment: 'm' };

function act(s: SessionRecord, action: string): string {
  return token.act(s.id, LETTER[s.stage] ?? 'q', s.step, action);
}

function restartChoice(d: Diagnostic, label = 'Start again'): DiagnosticChoice {
  return { label, token: token.start(d.id), style: 'primary' };
}
