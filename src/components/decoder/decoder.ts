/**
 * The crash decoder's client script: reads the data block the page embedded at build time,
 * validates it, decodes the textarea on submit and (debounced) as the reader types, and reads
 * a dump file chosen or dropped on the page, in the browser, slicing only the bytes it needs.
 * The input lives in the address (`#t=` text, `#d=` what a dump held), so a result can be
 * shared by link and survives a reload.
 */
import { validateDecoderData } from '../../decode/data.ts';
import { type Explanation, explain } from '../../decode/explain.ts';
import { explainDump } from '../../decode/explain-dump.ts';
import { type DecoderState, decodeState, encodeState } from '../../decode/share-state.ts';
import { blobSource } from '../../dump/byte-source.ts';
import type { DumpInfo } from '../../dump/types.ts';
import { h } from '../dom.ts';
import { dumpView } from './dump-view.ts';
import { EXAMPLES } from './examples.ts';
import { renderExplanation, statusText } from './render.ts';

const DEBOUNCE_MS = 300;

function start(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('form');
  const input = root.querySelector<HTMLTextAreaElement>('textarea');
  const status = root.querySelector<HTMLElement>('[data-decoder-status]');
  const output = root.querySelector<HTMLElement>('[data-decoder-output]');
  const examples = root.querySelector<HTMLElement>('[data-decoder-examples]');
  const fileInput = root.querySelector<HTMLInputElement>('[data-decoder-file]');
  const drop = root.querySelector<HTMLButtonElement>('[data-decoder-drop]');
  const share = root.querySelector<HTMLAnchorElement>('[data-decoder-share]');
  const block = document.getElementById('decoder-data');
  if (!form || !input || !status || !output || !examples || !block || !fileInput || !drop || !share)
    return;

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

  // Every change of input bumps the generation; a slower earlier read or encode that finishes
  // later must not overwrite a newer result or address.
  let generation = 0;

  const remember = async (state: DecoderState | undefined, gen: number) => {
    const hash = state === undefined ? '' : await encodeState(state);
    if (gen !== generation) return;
    const url = `${location.pathname}${location.search}${hash}`;
    if (`${location.pathname}${location.search}${location.hash}` !== url)
      history.replaceState(null, '', url);
    share.href = url;
    share.hidden = state === undefined;
  };

  const markInput = (e: Explanation | undefined) => {
    if (e?.status === 'error') {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${hint} decoder-error`.trim());
    } else {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', hint);
    }
  };

  let last = '';
  const decodeText = (force: boolean) => {
    const text = input.value;
    if (!force && text === last) return;
    last = text;
    const gen = ++generation;
    if (text.trim() === '') {
      output.replaceChildren();
      status.textContent = '';
      markInput(undefined);
      void remember(undefined, gen);
      return;
    }
    const e = explain(text, data.value);
    output.replaceChildren(renderExplanation(e, { text, documented }));
    status.textContent = statusText(e);
    markInput(e);
    void remember(e.status === 'error' ? undefined : { kind: 'text', text }, gen);
  };

  const showDump = (file: string, dump: DumpInfo) => {
    const e = explainDump(dump, data.value);
    output.replaceChildren(dumpView(file, dump), renderExplanation(e, { text: '', documented }));
    status.textContent = `Read ${file}. ${statusText(e)}`;
  };

  const openFile = async (file: File) => {
    const gen = ++generation;
    input.value = '';
    last = '';
    markInput(undefined);
    status.textContent = `Reading ${file.name}…`;
    // The reader and its layout table load only when a file is opened.
    const { readDump } = await import('../../dump/read-dump.ts');
    const r = await readDump(blobSource(file));
    if (gen !== generation) return;
    if (!r.ok) {
      output.replaceChildren(
        h(
          'div',
          { class: 'decoder-error', id: 'decoder-error' },
          h('p', {}, h('strong', {}, `${file.name}: `), r.message),
        ),
      );
      status.textContent = `Could not read ${file.name}: ${r.message}`;
      void remember(undefined, gen);
      return;
    }
    showDump(file.name, r.dump);
    void remember({ kind: 'dump', file: file.name, dump: r.dump }, gen);
    root.querySelector<HTMLElement>('#decoder-dump-heading')?.setAttribute('tabindex', '-1');
    root.querySelector<HTMLElement>('#decoder-dump-heading')?.focus();
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => decodeText(false), DEBOUNCE_MS);
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    decodeText(true);
    // After an explicit Decode, take the reader to the result (the heading is focusable).
    root.querySelector<HTMLElement>('#decoded-heading')?.focus();
  });

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) void openFile(file);
    // Choosing the same file again must fire `change` again.
    fileInput.value = '';
  });
  drop.addEventListener('click', () => fileInput.click());
  drop.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    drop.classList.add('decoder-drop-over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('decoder-drop-over'));
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault();
    drop.classList.remove('decoder-drop-over');
    const file = ev.dataTransfer?.files[0];
    if (file) void openFile(file);
    else status.textContent = 'Nothing to read: drop a .dmp file.';
  });

  for (const ex of EXAMPLES) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'decoder-example';
    b.textContent = ex.label;
    b.addEventListener('click', () => {
      input.value = ex.text;
      clearTimeout(timer);
      decodeText(true);
    });
    examples.append(b);
  }
  examples.hidden = false;
  // Reading a file needs this script: the picker appears only once it runs.
  const fileSection = root.querySelector<HTMLElement>('[data-decoder-file-section]');
  if (fileSection) fileSection.hidden = false;

  const restore = async () => {
    const gen = ++generation;
    const r = await decodeState(location.hash);
    if (gen !== generation) return;
    if (!r.ok) {
      status.textContent = r.message;
      output.replaceChildren(
        h('div', { class: 'decoder-error', id: 'decoder-error' }, h('p', {}, r.message)),
      );
      return;
    }
    if (r.state?.kind === 'text') {
      input.value = r.state.text;
      decodeText(true);
    } else if (r.state?.kind === 'dump') {
      showDump(r.state.file, r.state.dump);
      share.href = location.href;
      share.hidden = false;
    } else if (input.value.trim() !== '') decodeText(true);
  };
  window.addEventListener('hashchange', () => void restore());
  void restore();
  root.dataset.decoderReady = 'true';
}

for (const root of document.querySelectorAll<HTMLElement>('[data-decoder]')) start(root);
