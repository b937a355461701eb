/**
 * The crash decoder's client script: reads the data block the page embedded at build time,
 * validates it, and decodes the textarea on submit and (debounced) as the reader types.
 */
import { validateDecoderData } from '../../decode/data.ts';
import { explain } from '../../decode/explain.ts';
import { EXAMPLES } from './examples.ts';
import { renderExplanation, statusText } from './render.ts';

const DEBOUNCE_MS = 300;

function start(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('form');
  const input = root.querySelector<HTMLTextAreaElement>('textarea');
  const status = root.querySelector<HTMLElement>('[data-decoder-status]');
  const output = root.querySelector<HTMLElement>('[data-decoder-output]');
  const examples = root.querySelector<HTMLElement>('[data-decoder-examples]');
  const block = document.getElementById('decoder-data');
  if (!form || !input || !status || !output || !examples || !block) return;

  let parsed: unknown;
  try {
    parsed = JSON.parse(block.textContent ?? '');
  } catch {
    parsed = undefined;
  }
  const data = validateDecoderData(parsed);
  if (!data.ok) {
    status.textContent = `The decoder's reference data is damaged (${data.message}); reload the page.`;
    return;
  }

  const hint = input.getAttribute('aria-describedby') ?? '';
  const documented = (code: number, index: number): Node | null => {
    const cell = root.querySelector(`[data-decoder-doc="${code}-${index}"]`);
    if (!cell) return null;
    const copy = document.createDocumentFragment();
    for (const n of cell.childNodes) copy.append(n.cloneNode(true));
    return copy;
  };

  let last = '';
  const decode = (force: boolean) => {
    const text = input.value;
    if (!force && text === last) return;
    last = text;
    if (text.trim() === '') {
      output.replaceChildren();
      status.textContent = '';
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', hint);
      return;
    }
    const e = explain(text, data.value);
    output.replaceChildren(renderExplanation(e, { text, documented }));
    status.textContent = statusText(e);
    if (e.status === 'error') {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${hint} decoder-error`.trim());
    } else {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', hint);
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => decode(false), DEBOUNCE_MS);
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    decode(true);
    // After an explicit Decode, take the reader to the result (the heading is focusable).
    root.querySelector<HTMLElement>('#decoded-heading')?.focus();
  });

  for (const ex of EXAMPLES) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'decoder-example';
    b.textContent = ex.label;
    b.addEventListener('click', () => {
      input.value = ex.text;
      clearTimeout(timer);
      decode(true);
    });
    examples.append(b);
  }
  examples.hidden = false;
  if (input.value.trim() !== '') decode(true);
}

for (const root of document.querySelectorAll<HTMLElement>('[data-decoder]')) start(root);
