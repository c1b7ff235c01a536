import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ServiceUrlPolicy } from '../../src/teams/service-urls.ts';

describe('where Teams replies and digests may go', () => {
  const defaults = new ServiceUrlPolicy();

  it.each([
    'https://smba.trafficmanager.net/amer/',
    'https://smba.trafficmanager.net/emea/',
    'https://smba.trafficmanager.net/apac/',
    'https://smba.trafficmanager.net/teams/',
    'https://smba.infra.gcc.teams.microsoft.com/gcc/',
    'https://smba.infra.gov.teams.microsoft.us/gcch',
    'https://smba.infra.dod.teams.microsoft.us/dod',
    'https://webchat.botframework.com/',
    'https://europe.directline.botframework.com/',
  ])('allows the Bot Framework at %s', (url) => {
    expect(defaults.allows(url)).toBe(true);
  });

  it.each([
    ['a look-alike host', 'https://smba.trafficmanager.net.evil.example/amer/'],
    ['a look-alike domain', 'https://evilbotframework.com/'],
    ['plain HTTP', 'http://smba.trafficmanager.net/amer/'],
    ['another port', 'https://smba.trafficmanager.net:8443/amer/'],
    ['credentials in the URL', 'https://user:pass@smba.trafficmanager.net/amer/'],
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['loopback, with authentication on', 'http://127.0.0.1:3978/'],
    ['not a URL', 'smba.trafficmanager.net'],
    ['not a string', 42],
    ['nothing', undefined],
  ])('refuses %s', (_, url) => {
    expect(defaults.allows(url)).toBe(false);
  });

  it('allows loopback (the Bot Framework Emulator) only while authentication is off', () => {
    const emulator = new ServiceUrlPolicy(undefined, { allowLoopback: true });
    for (const url of ['http://localhost:56789/', 'http://127.0.0.1:3978', 'http://[::1]:3978/'])
      expect(emulator.allows(url), url).toBe(true);
    expect(emulator.allows('https://evil.example/')).toBe(false);
  });

  it('takes a sovereign cloud from TEAMS_SERVICE_URLS instead of the defaults', () => {
    const { TEAMS_SERVICE_URLS } = loadConfig({
      TEAMS_SERVICE_URLS: 'smba.example.cn, *.botframework.example.cn, https://connector.example.cn:8443',
    });
    const china = new ServiceUrlPolicy(TEAMS_SERVICE_URLS);
    expect(china.allows('https://smba.example.cn/teams/')).toBe(true);
    expect(china.allows('https://webchat.botframework.example.cn/')).toBe(true);
    expect(china.allows('https://connector.example.cn:8443/v3/')).toBe(true);
    expect(china.allows('https://connector.example.cn/v3/')).toBe(false);
    expect(china.allows('https://smba.trafficmanager.net/amer/')).toBe(false);
  });
});
