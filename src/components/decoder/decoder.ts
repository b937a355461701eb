/**
 * The crash decoder's client script: reads the data block the page embedded at build time,
 * validates it, decodes the textarea on submit and (debounced) as the reader types, and reads
 * a dump file chosen or dropped on the page, in the browser, slicing only the bytes it needs.
 * The input lives in the address (`#t=` text, `#d=` what a dump held), so a result can be
 * shared by link and survives a reload.
 */
import { type DecoderData, validateDecoderData } from '../../decode/data.ts';
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

/** The page's parts the script drives; all must be present or the script leaves the page as built. */
interface Parts {
  root: HTMLElement;
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  status: HTMLElement;
  output: HTMLElement;
  examples: HTMLElement;
  fileInput: HTMLInputElement;
  drop: HTMLButtonElement;
  share: HTMLAnchorElement;
  block: HTMLElement;
}

function findParts(root: HTMLElement): Parts | null {
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
    return null;
  return { root, form, input, status, output, examples, fileInput, drop, share, block };
}

/** The embedded data, or null after telling the reader it is damaged (decoding without it would mislead). */
function readData(parts: Parts): DecoderData | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(parts.block.textContent ?? '');
  } catch {
    parsed = undefined;
  }
  const data = validateDecoderData(parsed);
  if (!data.ok) {
    parts.status.textContent = `The decoder's reference data is damaged (${data.message}); reload the page.`;
    return null;
  }
  return data.value;
}

class Decoder {
  private readonly parts: Parts;
  private readonly data: DecoderData;
  private readonly hint: string;
  // Every change of input bumps the generation; a slower earlier read or encode that finishes
  // later must not overwrite a newer result or address.
  private generation = 0;
  private last = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(parts: Parts, data: DecoderData) {
    this.parts = parts;
    this.data = data;
    this.hint = parts.input.getAttribute('aria-describedby') ?? '';
  }

  /** Clones the page's static cell for a parameter, so the wording stays the page's own. */
  private readonly documented = (code: number, index: number): Node | null => {
    const cell = this.parts.root.querySelector(`[data-decoder-doc="${code}-${index}"]`);
    if (!cell) return null;
    const copy = document.createDocumentFragment();
    for (const n of cell.childNodes) copy.append(n.cloneNode(true));
    return copy;
  };

  private async remember(state: DecoderState | undefined, gen: number): Promise<void> {
    const hash = state === undefined ? '' : await encodeState(state);
    if (gen !== this.generation) return;
    const url = `${location.pathname}${location.search}${hash}`;
    if (`${location.pathname}${location.search}${location.hash}` !== url)
      history.replaceState(null, '', url);
    this.parts.share.href = url;
    this.parts.share.hidden = state === undefined;
  }

  private markInput(e: Explanation | undefined): void {
    const { input } = this.parts;
    if (e?.status === 'error') {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${this.hint} decoder-error`.trim());
    } else {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', this.hint);
    }
  }

  decodeText(force: boolean): void {
    const { input, output, status } = this.parts;
    const text = input.value;
    if (!force && text === this.last) return;
    this.last = text;
    const gen = ++this.generation;
    if (text.trim() === '') {
      output.replaceChildren();
      status.textContent = '';
      this.markInput(undefined);
      void this.remember(undefined, gen);
      return;
    }
    const e = explain(text, this.data);
    output.replaceChildren(renderExplanation(e, { text, documented: this.documented }));
    status.textContent = statusText(e);
    this.markInput(e);
    void this.remember(e.status === 'error' ? undefined : { kind: 'text', text }, gen);
  }

  private showDump(file: string, dump: DumpInfo): void {
    const e = explainDump(dump, this.data);
    this.parts.output.replaceChildren(
      dumpView(file, dump),
      renderExplanation(e, { text: '', documented: this.documented }),
    );
    this.parts.status.textContent = `Read ${file}. ${statusText(e)}`;
  }

  async openFile(file: File): Promise<void> {
    const { root, input, output, status } = this.parts;
    const gen = ++this.generation;
    input.value = '';
    this.last = '';
    this.markInput(undefined);
    status.textContent = `Reading ${file.name}…`;
    // The reader and its layout table load only when a file is opened.
    const { readDump } = await import('../../dump/read-dump.ts');
    const r = await readDump(blobSource(file));
    if (gen !== this.generation) return;
    if (!r.ok) {
      output.replaceChildren(
        h(
          'div',
          { class: 'decoder-error', id: 'decoder-error' },
          h('p', {}, h('strong', {}, `${file.name}: `), r.message),
        ),
      );
      status.textContent = `Could not read ${file.name}: ${r.message}`;
      void this.remember(undefined, gen);
      return;
    }
    this.showDump(file.name, r.dump);
    void this.remember({ kind: 'dump', file: file.name, dump: r.dump }, gen);
    root.querySelector<HTMLElement>('#decoder-dump-heading')?.setAttribute('tabindex', '-1');
    root.querySelector<HTMLElement>('#decoder-dump-heading')?.focus();
  }

  /** Decodes now, dropping any pending debounced decode (it would only repeat this one). */
  decodeNow(): void {
    clearTimeout(this.timer);
    this.decodeText(true);
  }

  listenToTyping(): void {
    const { root, form, input } = this.parts;
    input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.decodeText(false), DEBOUNCE_MS);
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.decodeNow();
      // After an explicit Decode, take the reader to the result (the heading is focusable).
      root.querySelector<HTMLElement>('#decoded-heading')?.focus();
    });
  }

  listenForFiles(): void {
    const { fileInput, drop, status } = this.parts;
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      if (file) void this.openFile(file);
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
      if (file) void this.openFile(file);
      else status.textContent = 'Nothing to read: drop a .dmp file.';
    });
  }

  addExamples(): void {
    const { examples, input } = this.parts;
    for (const ex of EXAMPLES) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'decoder-example';
      b.textContent = ex.label;
      b.addEventListener('click', () => {
        input.value = ex.text;
        this.decodeNow();
      });
      examples.append(b);
    }
    examples.hidden = false;
  }

  /** Shows what the address holds (a shared link, a reload, or the reader's own back/forward). */
  async restore(): Promise<void> {
    const { input, output, status, share } = this.parts;
    const gen = ++this.generation;
    const r = await decodeState(location.hash);
    if (gen !== this.generation) return;
    if (!r.ok) {
      status.textContent = r.message;
      output.replaceChildren(
        h('div', { class: 'decoder-error', id: 'decoder-error' }, h('p', {}, r.message)),
      );
      return;
    }
    if (r.state?.kind === 'text') {
      input.value = r.state.text;
      this.decodeText(true);
    } else if (r.state?.kind === 'dump') {
      this.showDump(r.state.file, r.state.dump);
      share.href = location.href;
      share.hidden = false;
    } else if (input.value.trim() !== '') this.decodeText(true);
  }
}

function start(root: HTMLElement): void {
  const parts = findParts(root);
  if (!parts) return;
  const data = readData(parts);
  if (!data) return;
  const decoder = new Decoder(parts, data);
  decoder.listenToTyping();
  decoder.listenForFiles();
  decoder.addExamples();
  // Reading a file needs this script: the picker appears only once it runs.
  const fileSection = root.querySelector<HTMLElement>('[data-decoder-file-section]');
  if (fileSection) fileSection.hidden = false;
  window.addEventListener('hashchange', () => void decoder.restore());
  void decoder.restore();
  root.dataset.decoderReady = 'true';
}

for (const root of document.querySelectorAll<HTMLElement>('[data-decoder]')) start(root);
