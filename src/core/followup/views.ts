import { token as diagnosticToken } from '../diagnostics/tokens.ts';
import type { ArticleLink, DiagnosticChoice, DiagnosticReply } from '../reply.ts';
import type { FollowupRecord, Outcome } from '../store/followup-store.ts';
import type { Experiment } from './experiments.ts';
import { describeDay, REMINDER_CHOICES, WEEK_CHOICES, weeksInWords } from './timing.ts';
import { followupToken } from './tokens.ts';

/** How each answer to a check-in reads, on its button and afterwards. */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  helped: 'Tried it: it helped',
  'no-change': 'Tried it: no change',
  worse: 'Tried it: it made things worse',
  'not-yet': 'Not yet',
};

/** Where a check-in arrives, in the person's terms. */
function where(platform: string): string {
  if (platform === 'slack') return 'in your direct messages with Opscoach';
  if (platform === 'teams') return 'in your personal chat with Opscoach';
  return 'the next time you run `opscoach chat` here';
}

export interface ScreenContext {
  f: FollowupRecord;
  experiment: Experiment | undefined;
  article: ArticleLink | undefined;
  diagnosticTitle: string;
  note?: string;
}

const act = (f: FollowupRecord, action: Parameters<typeof followupToken.act>[1]) => followupToken.act(f.id, action);

function experimentLines(c: ScreenContext): string[] {
  const title = c.experiment?.title ?? 'your experiment';
  const lines = [`**${title}**`];
  if (c.experiment) lines.push('', c.experiment.text);
  if (c.article) lines.push('', `From: [${c.article.title}](${c.article.url})`);
  return lines;
}

function retake(c: ScreenContext, style: DiagnosticChoice['style'] = 'primary'): DiagnosticChoice {
  return { label: `Retake ${c.diagnosticTitle}`, token: diagnosticToken.start(c.f.diagnostic), style };
}

/** The screens of a follow-up: platform-neutral, in the diagnostic reply's shape so every adapter shows them in place. */
export const followupViews = {
  /** After a pick (or a change of interval): what was picked, when the check-in comes, and how to change it. */
  scheduled(c: ScreenContext): DiagnosticReply {
    const { f } = c;
    const due = f.dueDay ? describeDay(f.dueDay) : 'soon';
    const text = f.reminder
      ? [
          ...experimentLines(c),
          '',
          `I'll ask you once more on **${due}**, ${where(f.platform)}. After that I won't ask again.`,
        ]
      : [
          'Your experiment for the next few weeks:',
          '',
          ...experimentLines(c),
          '',
          `I'll check in on **${due}** (in ${weeksInWords(f.weeks)}), ${where(f.platform)}, to ask how it went. Until then I send nothing.`,
        ];
    const choices: DiagnosticChoice[] = f.reminder
      ? [{ label: 'No, do not remind me', token: act(f, 'cancel'), style: 'danger' }]
      : [
          ...WEEK_CHOICES.filter((w) => w !== f.weeks).map(
            (w): DiagnosticChoice => ({
              label: `Check in after ${weeksInWords(w)} instead`,
              token: act(f, `w${w}` as 'w1'),
              style: 'nav',
            }),
          ),
          { label: 'Cancel the check-in', token: act(f, 'cancel'), style: 'danger' },
        ];
    return {
      kind: 'diagnostic',
      title: `Your experiment · ${c.diagnosticTitle}`,
      stage: 'experiment',
      sessionId: f.id,
      text: text.join('\n'),
      note: c.note,
      choices,
    };
  },

  cancelled(c: ScreenContext): DiagnosticReply {
    return {
      kind: 'diagnostic',
      title: `Your experiment · ${c.diagnosticTitle}`,
      stage: 'experiment',
      sessionId: c.f.id,
      text: `Check-in cancelled: I won't ask about **${c.experiment?.title ?? 'your experiment'}**, and I have forgotten how to reach you for it. Pick another experiment whenever you take a diagnostic.`,
      note: c.note,
      choices: [],
    };
  },

  /** The check-in itself: what was picked, and how it went. */
  question(c: ScreenContext): DiagnosticReply {
    const { f } = c;
    const intro = f.reminder
      ? 'You said you had not tried your experiment yet. Here is the one reminder you asked for: how did it go?'
      : `A few weeks ago, after **${c.diagnosticTitle}**, you picked an experiment to try. How did it go?`;
    return {
      kind: 'diagnostic',
      title: `Check-in · ${c.diagnosticTitle}`,
      stage: 'checkin',
      sessionId: f.id,
      text: [intro, '', ...experimentLines(c)].join('\n'),
      note: c.note,
      choices: (['helped', 'no-change', 'worse', 'not-yet'] as const).map((o) => ({
        label: OUTCOME_LABELS[o],
        token: act(f, o),
        style: o === 'not-yet' ? 'nav' : 'primary',
      })),
    };
  },

  /** "Not yet", the first time: one reminder later, or none. */
  offerReminder(c: ScreenContext): DiagnosticReply {
    const { f } = c;
    return {
      kind: 'diagnostic',
      title: `Check-in · ${c.diagnosticTitle}`,
      stage: 'checkin',
      sessionId: f.id,
      text: `No problem. Shall I ask once more later? Only once: after that I won't ask again.\n\nYou can also retake **${c.diagnosticTitle}** now to see where things stand.`,
      note: c.note,
      choices: [
        ...REMINDER_CHOICES.map(
          (w): DiagnosticChoice => ({
            label: `Ask me again in ${weeksInWords(w)}`,
            token: act(f, `r${w}` as 'r1'),
            style: 'nav',
          }),
        ),
        { label: 'No, leave it', token: act(f, 'no-reminder'), style: 'nav' },
        retake(c),
      ],
    };
  },

  /** After an answer: thanks, an optional comment, and the way to retake the diagnostic. */
  answered(c: ScreenContext, askComment: boolean, minGroup: number): DiagnosticReply {
    const { f } = c;
    const said = f.outcome ? OUTCOME_LABELS[f.outcome] : '';
    const closing =
      f.outcome === 'not-yet'
        ? `Thanks for telling me. I won't ask about it again.`
        : `Thanks: noted “${said}”. Group figures count it only among ${minGroup} or more people, never on its own.`;
    const lines = [
      closing,
      '',
      `Retake **${c.diagnosticTitle}** to see whether your score has moved; \`results\` shows your scores over time.`,
    ];
    if (askComment)
      lines.push(
        '',
        'Anything to add about how it went (optional)? It is stored without your name, scrubbed of emails, mentions, phone numbers and links.',
      );
    return {
      kind: 'diagnostic',
      title: `Check-in · ${c.diagnosticTitle}`,
      stage: 'checkin',
      sessionId: f.id,
      acceptsComment: askComment || undefined,
      text: lines.join('\n'),
      note: c.note,
      // With a comment box, "Done" is the way forward (Teams sends the comment with it).
      choices: askComment
        ? [{ label: 'Done', token: act(f, 'finish'), style: 'primary' }, retake(c, 'nav')]
        : [retake(c)],
    };
  },
};
