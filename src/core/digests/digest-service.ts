import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/definition.ts';
import { token } from '../diagnostics/tokens.ts';
import type { EvidenceService } from '../evidence/evidence-service.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { Logger } from '../logging/logger.ts';
import { storableLabel } from '../privacy/labels.ts';
import type { ChartImage, DiagnosticReport, DigestReply, FollowupReport, NoticeReply } from '../reply.ts';
import { profileChart } from '../reports/chart.ts';
import type { FollowupReports } from '../reports/followup-report.ts';
import type { ReportEngine } from '../reports/report-engine.ts';
import type { LinkPolicy } from '../safety/link-policy.ts';
import { neutraliseUntrusted } from '../safety/untrusted-text.ts';
import type { DigestStore, Subscription } from '../store/digest-store.ts';
import { describeSchedule, lastRun, localWeek, nextRun, parseSchedule, type Schedule } from './schedule.ts';

/** Where a digest goes: a channel on a platform, and whose figures it shows. */
export interface DigestTarget {
  platform: string;
  channel: string;
  label?: string;
  workspace?: string;
  address?: string;
}

/** A channel does not see the same tip again for this many weeks (or as long as there are articles). */
const TIP_MEMORY = 26;
const WINDOW_WEEKS = 4;
/** How long a workspace's digest figures are reused: long enough for one run, short enough for a preview. */
const FIGURES_FRESH_MS = 60_000;

interface Figures {
  at: number;
  reports: DiagnosticReport[];
  chart: ChartImage | undefined;
  followups: FollowupReport | undefined;
}

export interface DigestServiceDeps {
  store: DigestStore;
  reports: ReportEngine;
  diagnostics: readonly Diagnostic[];
  knowledge: KnowledgeBase;
  logger: Logger;
  now: () => Date;
  /** "Records say" beside the headlines, when records have been imported. */
  evidence?: EvidenceService;
  /** Experiments picked and tried, for the channel audience (no comments). */
  followups?: FollowupReports;
  /** Channel names and words repeated from a command can mention nobody and link only where allowed. */
  links: LinkPolicy;
}

/** Subscriptions, composition and the weekly bookkeeping of digests; platform-neutral. */
export class DigestService {
  private readonly recent = new Map<string, Figures>();

  constructor(private readonly deps: DigestServiceDeps) {}

  /** `digest on|off|status|preview`, already authorised by the caller. */
  command(words: readonly string[], target: DigestTarget, defaultTimezone: string): NoticeReply | DigestReply {
    // A channel's name is kept (and repeated) only if it names nobody.
    const reply = this.answer(words, { ...target, label: storableLabel(target.label) }, defaultTimezone);
    // Labels come from the platform and the schedule's complaints repeat what was typed.
    return reply.kind === 'notice' ? notice(neutraliseUntrusted(reply.text, this.deps.links)) : reply;
  }

  private answer(words: readonly string[], target: DigestTarget, defaultTimezone: string): NoticeReply | DigestReply {
    const [action = 'status', ...rest] = words.map((w) => w.trim()).filter(Boolean);
    const { store } = this.deps;
    switch (action.toLowerCase()) {
      case 'on': {
        const parsed = parseSchedule(rest, defaultTimezone);
        if ('error' in parsed) return notice(parsed.error);
        const s = store.subscribe({ ...target, ...parsed.schedule });
        return notice(
          `Weekly digest is on for ${target.label ?? 'this channel'}: ${describeSchedule(s)}. The next one is due ${this.when(s)}.`,
        );
      }
      case 'off':
        return notice(
          store.unsubscribe(target.platform, target.channel)
            ? `Weekly digest is off for ${target.label ?? 'this channel'}.`
            : `${target.label ?? 'This channel'} had no weekly digest.`,
        );
      case 'status': {
        const s = store.find(target.platform, target.channel);
        if (!s?.active)
          return notice(
            `${target.label ?? 'This channel'} has no weekly digest. Turn it on with \`digest on [day] [time] [time zone]\`.`,
          );
        const last = store.lastSent(s.id);
        return notice(
          `Weekly digest for ${target.label ?? 'this channel'}: ${describeSchedule(s)}. Next: ${this.when(s)}.${last ? ` Last sent: ${last}.` : ''}`,
        );
      }
      case 'preview': {
        const s = store.find(target.platform, target.channel);
        const week = localWeek(this.deps.now(), s?.timezone ?? defaultTimezone);
        return { ...this.compose(target, week, s ? this.tipFor(s, week) : this.anyTip(week)), preview: true };
      }
      default:
        return notice(
          'Digest commands: `digest on [day] [time] [time zone]`, `digest off`, `digest status`, `digest preview`.',
        );
    }
  }

  /** The digest for a target and week: a rotating tip, the figures if they qualify, an invitation otherwise. */
  compose(target: Pick<DigestTarget, 'workspace'>, week: string, tipId: string): DigestReply {
    const { reports, chart, followups } = this.figures(target.workspace);
    const article = this.deps.knowledge.article(tipId);
    const anyReady = reports.some((r) => r.status === 'ok');
    return {
      kind: 'digest',
      title: `Opscoach weekly digest · ${week}`,
      week,
      tip: {
        id: tipId,
        title: article?.title ?? tipId,
        summary: article?.summary ?? '',
        url: article?.url ?? '',
      },
      reports,
      invitation: anyReady
        ? undefined
        : `Not enough responses yet: figures appear once ${this.deps.reports.minGroup} or more people have taken a diagnostic in the last ${WINDOW_WEEKS} weeks. It takes two minutes and nobody's answers are shown on their own.`,
      choices: this.deps.diagnostics.map((d) => ({
        label: `Take ${d.title}`,
        token: token.start(d.id),
        style: 'primary',
      })),
      chart,
      ...(followups ? { followups } : {}),
      minGroup: this.deps.reports.minGroup,
    };
  }

  /**
   * A workspace's figures and chart, shared by all its channels for a minute: a run posting to a
   * thousand channels of one workspace computes and draws them once, not a thousand times.
   */
  private figures(workspace: string | undefined): Figures {
    const now = this.deps.now().getTime();
    const key = workspace ?? '';
    const known = this.recent.get(key);
    if (known && now - known.at < FIGURES_FRESH_MS) return known;
    const released = this.deps.diagnostics.map((d) =>
      this.deps.reports.report(d, { weeks: WINDOW_WEEKS, workspace, audience: 'channel' }),
    );
    const reports = this.deps.evidence?.annotate(released) ?? released;
    const figures = {
      at: now,
      reports,
      chart: reports.some((r) => r.status === 'ok') ? profileChart(reports) : undefined,
      followups: this.deps.followups?.report({ weeks: WINDOW_WEEKS, workspace, audience: 'channel' }),
    };
    for (const [k, v] of this.recent) if (now - v.at >= FIGURES_FRESH_MS) this.recent.delete(k);
    this.recent.set(key, figures);
    return figures;
  }

  /**
   * What the scheduler should do for each active subscription now: send this week's digest
   * (its time has come and it was not sent), or record that an earlier week was missed.
   */
  due(platform?: string): { subscription: Subscription; week: string; action: 'send' | 'skip' }[] {
    const now = this.deps.now();
    const out: { subscription: Subscription; week: string; action: 'send' | 'skip' }[] = [];
    for (const s of this.deps.store.active(platform)) {
      let fired: Date | undefined;
      let week: string;
      try {
        fired = lastRun(s, now);
        if (!fired) continue;
        week = localWeek(fired, s.timezone);
      } catch (error) {
        // One unusable schedule (a time zone this server no longer knows) must not stop the rest.
        this.deps.logger.warn(
          { err: error, channel: s.label ?? s.channel, timezone: s.timezone },
          'digest schedule unusable; run digest on again in that channel',
        );
        continue;
      }
      if (week === localWeek(now, s.timezone)) {
        const status = this.deps.store.status(s.id, week);
        if (status === undefined || status === 'failed') out.push({ subscription: s, week, action: 'send' });
      } else if (this.deps.store.status(s.id, week) === undefined) {
        out.push({ subscription: s, week, action: 'skip' });
      }
    }
    return out;
  }

  /** The tip of the week for a channel: an article it has not seen for a long while, the same all week. */
  tipFor(subscription: Subscription, week: string): string {
    const pool = this.tipPool();
    const memory = Math.min(TIP_MEMORY, pool.length - 1);
    const recent = new Set(this.deps.store.recentTips(subscription.id, memory));
    const fresh = pool.filter((id) => !recent.has(id));
    return pick(fresh.length > 0 ? fresh : pool, `${subscription.id}:${week}`);
  }

  private anyTip(week: string): string {
    return pick(this.tipPool(), week);
  }

  /** Practical articles make good tips; the glossary and notes about the sources do not. */
  private tipPool(): string[] {
    return this.deps.knowledge.articles.filter((a) => a.kind === 'article' && a.topic !== 'Reference').map((a) => a.id);
  }

  private when(s: Schedule): string {
    const next = nextRun(s, this.deps.now());
    return next
      ? new Intl.DateTimeFormat('en-GB', {
          timeZone: s.timezone,
          weekday: 'long',
          day: 'numeric',
          month: 'long',
          hour: '2-digit',
          minute: '2-digit',
        }).format(next)
      : 'never';
  }
}

function notice(text: string): NoticeReply {
  return { kind: 'notice', text };
}

/** A stable pseudo-random choice, so a preview and the real digest of a week agree. */
function pick(ids: readonly string[], seed: string): string {
  const ranked = [...ids].sort((a, b) =>
    createHash('sha256')
      .update(`${seed}:${a}`)
      .digest('hex')
      .localeCompare(createHash('sha256').update(`${seed}:${b}`).digest('hex')),
  );
  return ranked[0] ?? '';
}
