/**
 * Reads `req.irql` text ("< DISPATCH_LEVEL", "<= APC_LEVEL", "PASSIVE_LEVEL", "Any level",
 * "PASSIVE_LEVEL or APC_LEVEL", "DISPATCH_LEVEL and below") into a rule the simulator can check.
 * Anything else keeps only its raw text: guessing a rule would be worse than having none.
 */

import { NAMED_IRQLS, type NamedIrql } from '../../model/irql.ts';
import { unescapeMarkdown } from './plain-text.ts';
import type { ImportedIrql, IrqlRule } from './schema.ts';

const LEVEL_PATTERN = /\b(PASSIVE|APC|DISPATCH|PROFILE|CLOCK|IPI|POWER|HIGH)_LEVEL\b|\bDIRQL\b/gi;

function levelOf(word: string): NamedIrql {
  const upper = word.toUpperCase();
  return (upper === 'DIRQL' ? 'DIRQL' : upper) as NamedIrql;
}

function rank(level: NamedIrql): number {
  return NAMED_IRQLS.indexOf(level);
}

export function parseIrql(rawText: string): ImportedIrql {
  const raw = unescapeMarkdown(rawText).replace(/\s+/g, ' ').trim();
  const parsed = parseRule(raw);
  return parsed ? { raw, parsed } : { raw };
}

function parseRule(raw: string): IrqlRule | undefined {
  // Remarks in parentheses ("PASSIVE_LEVEL (see Remarks section)") do not change the rule.
  const text = raw
    .replace(/\([^)]*\)/g, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/≤/g, '<=')
    .replace(/=</g, '<=')
    .replace(/\bIRQL\b\s*(?=[<=])/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '');
  if (/^any( (level|irql))?$/i.test(text) || /^(at )?any irql$/i.test(text)) {
    return { relation: 'any', level: null, max: 'HIGH_LEVEL' };
  }
  const levels = [...text.matchAll(LEVEL_PATTERN)].map((m) => levelOf(m[0]));
  const first = levels[0];
  if (!first) return undefined;
  if (levels.length === 1) {
    const relation = /^(<=|<|==|=)\s*/.exec(text)?.[1];
    const rest = text.replace(/^(<=|<|==|=)\s*/, '');
    if (!new RegExp(`^${LEVEL_PATTERN.source}`, 'i').test(rest)) return undefined;
    const after = rest.replace(new RegExp(`^${LEVEL_PATTERN.source}`, 'i'), '').trim();
    if (relation === '<') {
      const below = NAMED_IRQLS[rank(first) - 1];
      return after === '' && below ? { relation: '<', level: first, max: below } : undefined;
    }
    if (relation === '<=' || /^(or|and) (lower|below|less)$/i.test(after)) {
      return after === '' || relation === undefined
        ? { relation: '<=', level: first, max: first }
        : undefined;
    }
    return after === '' ? { relation: '=', level: first, max: first } : undefined;
  }
  // "PASSIVE_LEVEL or APC_LEVEL": only a run starting at PASSIVE_LEVEL is an upper bound.
  if (!/^[A-Z_]+( ?(,|or) ?[A-Z_]+)+$/i.test(text)) return undefined;
  const ranks = [...new Set(levels.map(rank))].sort((a, b) => a - b);
  const contiguous = ranks.every((r, i) => r === i);
  const top = NAMED_IRQLS[ranks[ranks.length - 1] ?? 0];
  return contiguous && top ? { relation: '<=', level: top, max: top } : undefined;
}
