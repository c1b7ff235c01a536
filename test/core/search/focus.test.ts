import { describe, expect, it } from 'vitest';
import { focusOf } from '../../../src/core/search/focus.ts';

describe('where the question is in a message', () => {
  it('takes a short message whole', () => {
    expect(focusOf('standby pay vs callout pay')).toEqual({ focus: 'standby pay vs callout pay', context: '' });
  });

  it('finds the asking sentence at the end of a long story, keeping the story as context', () => {
    const message =
      'We moved our checkout team onto the rota in March. Since then the sprint board has been a mess and the product owner keeps asking where the time went. Alerts fire all night for things we cannot fix. What should we change first?';
    const { focus, context } = focusOf(message);
    expect(focus).toMatch(/What should we change first\?/);
    expect(focus).not.toMatch(/March/);
    expect(context).toMatch(/checkout team onto the rota/);
  });

  it('widens a bare "is that normal?" to the sentence it is about', () => {
    const message =
      'Our supplier charges extra for every deployment beyond two a month and the contract runs for three more years. Is that normal?';
    expect(focusOf(message).focus).toMatch(/supplier charges extra/);
  });

  it('treats a message that never asks outright as all question', () => {
    const message =
      'I lead four DBAs on an on-prem estate. The company is moving to product teams and someone suggested we each join a squad. I can already picture how that ends.';
    expect(focusOf(message)).toEqual({ focus: message, context: '' });
  });

  it('hears "not sure what..." as asking', () => {
    const message =
      'The exec team wants a quarterly dashboard. I can pull deployment counts and uptime, and that is about it. I am not sure what else should go on it.';
    expect(focusOf(message).focus).toMatch(/not sure what else/);
  });
});
