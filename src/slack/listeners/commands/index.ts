import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { opscoachCommand } from './opscoach.ts';

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command('/opscoach', opscoachCommand(deps));
}
