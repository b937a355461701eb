/**
 * /practice/: reads `?seed=...&level=...`, generates that question in the browser (the simulator
 * runs here), and renders it with DOM calls. "New question" draws a fresh seed and puts it in
 * the address, so every question can be shared or reported. URL values are validated and only
 * ever used as text.
 */

import { generateQuestion, type Level, randomSeed } from '../../quiz/generate.ts';
import type { Glossary } from '../../quiz/glossary.ts';
import { EMPTY_GLOSSARY } from '../../quiz/glossary.ts';
import { quizNode } from '../../quiz/render.ts';
import { fromHast } from '../dom-hast.ts';
import './element.ts';

const SEED = /^[A-Za-z0-9_-]{1,40}$/;

function readGlossary(): Glossary {
  try {
    const text = document.getElementById('practice-glossary')?.textContent ?? '';
    return text === '' ? EMPTY_GLOSSARY : (JSON.parse(text) as Glossary);
  } catch {
    return EMPTY_GLOSSARY;
  }
}

function readLevel(v: string | null): Level | undefined {
  return v === '1' ? 1 : v === '2' ? 2 : v === '3' ? 3 : undefined;
}

const glossary = readGlossary();
const slot = document.querySelector<HTMLElement>('[data-practice-slot]');
const seedLine = document.querySelector<HTMLElement>('[data-practice-seed]');
const next = document.querySelector<HTMLButtonElement>('[data-practice-next]');
const radios = [...document.querySelectorAll<HTMLInputElement>('input[name="level"]')];

function show(seed: string, level: Level, note = ''): void {
  if (!slot || !seedLine) return;
  const t0 = performance.now();
  let node: Node;
  let context = '';
  try {
    const q = generateQuestion(seed, level, glossary);
    context = q.context ?? '';
    node = fromHast(quizNode([q], `practice-${level}-${seed}`));
  } catch {
    seedLine.textContent = `No question could be made from seed “${seed}” at level ${level}; try New question.`;
    return;
  }
  const ms = performance.now() - t0;
  // The line of prose on whose thread the code runs (what its pragma means), above the question.
  const prose = document.createElement('p');
  prose.className = 'practice-context';
  prose.dataset.practiceContext = '';
  prose.textContent = context;
  slot.replaceChildren(prose, node);
  for (const r of radios) r.checked = r.value === String(level);
  seedLine.replaceChildren();
  const link = document.createElement('a');
  link.href = `?seed=${encodeURIComponent(seed)}&level=${level}`;
  link.textContent = 'link to this question';
  const code = document.createElement('code');
  code.textContent = seed;
  seedLine.append(
    note,
    'Seed ',
    code,
    `, level ${level} (generated in ${ms.toFixed(1)} ms): `,
    link,
    '.',
  );
  document.body.dataset.practiceMs = ms.toFixed(2);
}

function go(seed: string, level: Level, push: boolean): void {
  const url = new URL(window.location.href);
  url.searchParams.set('seed', seed);
  url.searchParams.set('level', String(level));
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  show(seed, level);
}

function fromUrl(): void {
  const params = new URL(window.location.href).searchParams;
  const rawSeed = params.get('seed');
  const rawLevel = params.get('level');
  const level = readLevel(rawLevel) ?? 1;
  if (rawSeed !== null && SEED.test(rawSeed)) {
    show(
      rawSeed,
      level,
      rawLevel !== null && readLevel(rawLevel) === undefined
        ? 'The level in the address was not 1, 2 or 3; level 1 is used. '
        : '',
    );
  } else if (rawSeed !== null) {
    show(
      randomSeed(),
      level,
      'The seed in the address was not usable (letters, digits, - and _ only); here is a new one. ',
    );
  }
}

next?.addEventListener('click', () => {
  const level = readLevel(radios.find((r) => r.checked)?.value ?? '1') ?? 1;
  go(randomSeed(), level, true);
  slot?.querySelector<HTMLElement>('[role="radio"]')?.focus();
});
for (const r of radios) {
  r.addEventListener('change', () => go(randomSeed(), readLevel(r.value) ?? 1, true));
}
window.addEventListener('popstate', fromUrl);
fromUrl();
