import type { Answerer } from '../answer/answerer.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { CoachText } from '../prompts/coach-text.ts';
import type { HelpReply, Reply, TopicsReply, Turn } from '../reply.ts';
import { type Command, parseCommand } from './commands.ts';

export interface CoachDeps {
  knowledge: KnowledgeBase;
  answerer: Answerer;
  text: CoachText;
}

/**
 * The one entry point every adapter calls. It takes what a person typed and returns a
 * platform-neutral Reply; adapters only translate events in and render replies out.
 */
export class Coach {
  constructor(private readonly deps: CoachDeps) {}

  async handle(text: unknown, history: readonly Turn[] = []): Promise<Reply> {
    return this.run(parseCommand(text), history);
  }

  async run(command: Command, history: readonly Turn[] = []): Promise<Reply> {
    switch (command.name) {
      case 'help':
        return this.help();
      case 'topics':
        return this.topics();
      case 'greeting':
        return this.greeting();
      case 'ask':
        return this.deps.answerer.answer(command.question, history);
    }
  }

  help(): HelpReply {
    const { text } = this.deps;
    return {
      kind: 'help',
      intro: text.intro,
      commands: [
        {
          usage: 'ask <question>',
          description: 'Ask anything about Ops Run It, You Build It You Run It and the practices between.',
        },
        { usage: 'topics', description: 'See what the knowledge base covers.' },
        { usage: 'help', description: 'Show this help.' },
      ],
      examples: text.starters.slice(0, 3),
    };
  }

  topics(): TopicsReply {
    return { kind: 'topics', groups: this.deps.knowledge.topics() };
  }

  greeting(): Reply {
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
