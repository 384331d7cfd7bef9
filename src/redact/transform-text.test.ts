import { describe, expect, it } from 'vitest';
import { ENTITIES, type Entity } from '../policy/policy.js';
import { compileObjections } from './objections.js';
import { Redactor } from './redactor.js';
import { transformText, transformTextInto } from './transform-text.js';

const ALL = new Set<Entity>(ENTITIES);

describe('transformText', () => {
  const suppressor = compileObjections([{ name: 'Piet Bakker', emails: ['piet@bakker.nl'], handles: ['pietb'] }]);
  const isHidden = (id: string) => id === 'm9';

  it('runs mentions, then objections, then redaction, and counts each', () => {
    const r = transformText(
      'Ask @[Piet Bakker](member:m1) or @[Eva](member:m9): piet@bakker.nl, @pietb, eva@example.nl, 06-12345678',
      { isHidden, suppressor, entities: ALL },
    );
    expect(r).toEqual({
      text: 'Ask [PERSON] or [PERSON]: [EMAIL], [PERSON], [EMAIL], [PHONE]',
      mentions: 1,
      objections: 3,
      redactions: { EMAIL: 1, IBAN: 0, CARD: 0, ID: 0, IP: 0, PHONE: 1 },
    });
  });

  it('adds the same counts to a running tally (transformTextInto), text after text', () => {
    const tally = { mentions: 1, objections: 0, redactions: { EMAIL: 2, IBAN: 0, CARD: 0, ID: 0, IP: 0, PHONE: 0 } };
    const text = 'Ask @[Piet Bakker](member:m1) or @[Eva](member:m9): piet@bakker.nl, @pietb, eva@example.nl, 06-12345678';
    expect(transformTextInto(text, { isHidden, suppressor, entities: ALL }, tally)).toBe('Ask [PERSON] or [PERSON]: [EMAIL], [PERSON], [EMAIL], [PHONE]');
    expect(transformTextInto('plain', { isHidden, suppressor, entities: ALL }, tally)).toBe('plain');
    expect(tally).toEqual({ mentions: 2, objections: 3, redactions: { EMAIL: 3, IBAN: 0, CARD: 0, ID: 0, IP: 0, PHONE: 1 } });
  });

  it('redacts what a mention\'s bracket text holds', () => {
    expect(transformText('@[call 0612345678](member:m1)', { isHidden, entities: ALL }).text).toBe('call [PHONE]');
  });

  it('applies only the policy\'s entities; objections apply whatever the policy redacts', () => {
    const r = transformText('piet@bakker.nl anna@example.nl 0612345678', { isHidden, suppressor, entities: new Set<Entity>(['PHONE']) });
    expect(r.text).toBe('[EMAIL] anna@example.nl [PHONE]');
    expect(r.objections).toBe(1);
    expect(r.redactions).toEqual({ EMAIL: 0, IBAN: 0, CARD: 0, ID: 0, IP: 0, PHONE: 1 });
  });

  it('takes a prebuilt Redactor', () => {
    const redactor = new Redactor(ALL);
    expect(transformText('10.0.0.1', { isHidden, entities: redactor }).text).toBe('[IP]');
  });

  it('leaves plain text alone and counts zero', () => {
    expect(transformText('Great talk today!', { isHidden, suppressor, entities: ALL })).toEqual({
      text: 'Great talk today!', mentions: 0, objections: 0, redactions: { EMAIL: 0, IBAN: 0, CARD: 0, ID: 0, IP: 0, PHONE: 0 },
    });
  });
});
