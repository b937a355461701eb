/**
 * /progress/: the score per topic, the challenges checked and solved, reset, export to a file
 * and import from one. An imported file
 * is validated first (src/quiz/progress.ts); a bad one changes nothing and says why.
 */
import { challengeFor, exportProgress, scoresByTopic } from '../../quiz/progress.ts';
import { current, importText, keptText, reload, reset } from './store.ts';

const rows = document.querySelector<HTMLElement>('[data-progress-rows]');
const challengeRows = document.querySelectorAll<HTMLElement>('tr[data-challenge]');
const message = document.querySelector<HTMLElement>('[data-progress-message]');
const notice = document.querySelector<HTMLElement>('[data-progress-notice]');

function render(): void {
  renderChallenges();
  for (const s of scoresByTopic(current())) {
    const tr = rows?.querySelector<HTMLElement>(`tr[data-topic="${s.topic}"]`);
    const cells = tr ? [...tr.querySelectorAll('td')] : [];
    const pct = (n: number) =>
      s.answered === 0 ? '' : ` (${Math.round((100 * n) / s.answered)}%)`;
    const values = [
      String(s.answered),
      `${s.firstRight}${pct(s.firstRight)}`,
      `${s.lastRight}${pct(s.lastRight)}`,
    ];
    cells.forEach((td, i) => {
      td.textContent = values[i] ?? '';
    });
  }
}

function renderChallenges(): void {
  const p = current();
  for (const tr of challengeRows) {
    const rec = challengeFor(p, tr.dataset.challenge ?? '');
    const values = rec
      ? [String(rec.attempts), rec.solved ? 'yes' : 'no', rec.solutionShown ? 'yes' : 'no']
      : ['0', 'no', 'no'];
    tr.querySelectorAll('td').forEach((td, i) => {
      td.textContent = values[i] ?? '';
    });
  }
}

function say(text: string): void {
  if (message) message.textContent = text;
}

const loaded = reload();
if (loaded.notice && notice) {
  notice.textContent = loaded.notice;
  notice.hidden = false;
}
render();

document.querySelector('[data-progress-reset]')?.addEventListener('click', () => {
  if (!window.confirm('Forget every answer kept in this browser?')) return;
  reset();
  render();
  say('Progress reset.');
});

document.querySelector('[data-progress-export]')?.addEventListener('click', () => {
  // A stored record the page could not read is exported as it was, so nothing is lost.
  const kept = keptText();
  const name = kept === undefined ? 'attach-lab-progress.json' : 'attach-lab-progress-unread.json';
  const blob = new Blob([kept ?? exportProgress(current())], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  say(`Progress exported to ${name}.`);
});

document
  .querySelector<HTMLInputElement>('[data-progress-import]')
  ?.addEventListener('change', async (e) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch {
      say(`Could not read ${file.name}.`);
      return;
    }
    const r = importText(text);
    if (!r.ok) {
      say(r.message);
      return;
    }
    render();
    say(`${r.message.replace(/\.$/, '')} from ${file.name}.`);
    input.value = '';
  });
