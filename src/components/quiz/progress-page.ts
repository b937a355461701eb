/**
 * /progress/: the score per topic, reset, export to a file and import from one. An imported file
 * is validated first (src/quiz/progress.ts); a bad one changes nothing and says why.
 */
import { exportProgress, importProgress, scoresByTopic } from '../../quiz/progress.ts';
import { current, reload, replace, reset } from './store.ts';

const rows = document.querySelector<HTMLElement>('[data-progress-rows]');
const message = document.querySelector<HTMLElement>('[data-progress-message]');
const notice = document.querySelector<HTMLElement>('[data-progress-notice]');

function render(): void {
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
  const blob = new Blob([exportProgress(current())], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'attach-lab-progress.json';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  say('Progress exported to attach-lab-progress.json.');
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
    const r = importProgress(text);
    if (!r.ok) {
      say(r.message);
      return;
    }
    replace(r.progress);
    render();
    const n = Object.keys(r.progress.answers).length;
    say(`Imported ${n} answer${n === 1 ? '' : 's'} from ${file.name}.`);
    input.value = '';
  });
