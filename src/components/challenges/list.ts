/**
 * /challenges/: marks each listed challenge solved, or tried with its number of checks, from
 * stored progress. Text only; the list itself is static markup.
 */
import { challenge } from '../quiz/store.ts';

for (const li of document.querySelectorAll<HTMLElement>('[data-alc-list] li[data-id]')) {
  const rec = challenge(li.dataset.id ?? '');
  const slot = li.querySelector<HTMLElement>('[data-alc-state]');
  if (!rec || !slot) continue;
  slot.textContent = rec.solved
    ? ' (solved)'
    : ` (tried: ${rec.attempts} check${rec.attempts === 1 ? '' : 's'})`;
}
