import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../src/core/diagnostics/definition.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { cliIn } from '../helpers/cli.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { tempDir, testConfig } from '../helpers/runtime.ts';
import { seedResponses } from '../helpers/seed.ts';
import { BOT_TOKEN } from '../helpers/slack-requests.ts';

const work = tempDir();
const db = join(work.path, 'report.db');
const slack = new FakeSlack();

beforeAll(async () => {
  await slack.start();
  const runtime = CoachRuntime.create(testConfig(db), silentLogger);
  const { diagnostics } = loadDiagnostics((id) => runtime.knowledge.article(id) !== undefined);
  seedResponses(runtime.store.responses, diagnostics[0] as never, 21, {
    pick: (i) => i % 4,
    role: (i) => (i % 2 ? 'delivery' : 'operations'),
  });
  runtime.coach.digest(['on', 'monday', '09:00', 'UTC'], {
    admin: true,
    digestTarget: { platform: 'slack', channel: 'CDIGEST', label: '#digest' },
  });
  runtime.close();
});
afterAll(async () => {
  await slack.stop();
  work.cleanup();
});

const cli = cliIn(work.path, db);
const opscoach = (args: string[], env: Record<string, string> = {}) => cli.run(args, { env });
const opscoachAsync = (args: string[], env: Record<string, string>) => cli.runAsync(args, { env });

describe('opscoach report', () => {
  it('prints text by default, with bands and rounded figures only', () => {
    const { code, stdout } = opscoach(['report', 'handovers']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/20\+ people answered/);
    expect(stdout).toMatch(/By role/);
    expect(stdout).not.toMatch(/\b21\b/);
  });

  it('prints JSON, Markdown and CSV', () => {
    const json = JSON.parse(opscoach(['report', '--format', 'json']).stdout);
    expect(json.map((r: { diagnostic: string; status: string }) => [r.diagnostic, r.status])).toEqual([
      ['handovers', 'ok'],
      ['releases', 'too-few'],
    ]);
    expect(opscoach(['report', 'handovers', '--format', 'markdown']).stdout).toMatch(/^\*\*Incident handovers\*\*/);
    const csv = opscoach(['report', 'handovers', '--format', 'csv', '--weeks', '8']).stdout.trim().split('\n');
    expect(csv[0]).toBe('diagnostic,window,section,item,value');
    expect(csv.some((row) => /^handovers,\d{4}-W\d{2}\/\d{4}-W\d{2},respondents,band,20\+$/.test(row))).toBe(true);
  });

  it('writes the chart as a PNG when asked', () => {
    const path = join(work.path, 'chart.png');
    const { code, stderr } = opscoach(['report', '--chart', path]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/Chart written/);
    expect(existsSync(path) && readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
  });

  it('explains bad options in one line', () => {
    expect(opscoach(['report', '--format', 'pdf']).stderr).toMatch(/--format is one of text, markdown, json, csv/);
    expect(opscoach(['report', '--weeks', '99']).stderr).toMatch(/--weeks needs a whole number of weeks from 1 to 26/);
    expect(opscoach(['report', 'nonsense']).stderr).toMatch(/no diagnostic called “nonsense”/);
  });
});

describe('opscoach digest --run-now', () => {
  it('needs Slack (or Teams) credentials to post', () => {
    const { code, stderr } = opscoach(['digest', '--run-now']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/set SLACK_BOT_TOKEN/);
  });

  it("sends one channel's digest now, once", async () => {
    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.apiUrl };
    const first = await opscoachAsync(['digest', '--run-now', '--channel', 'CDIGEST'], env);
    expect(first.stdout).toMatch(/Digest run: 1 sent/);
    expect(slack.callsTo('chat.postMessage').map((c) => c.body.channel)).toEqual(['CDIGEST']);
    const second = await opscoachAsync(['digest', '--run-now', '--channel', 'CDIGEST'], env);
    expect(second.stdout).toMatch(/Digest run: 0 sent/);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
