/**
 * What was read from a dump file → DOM: the header's facts, the structure layout used, the
 * process and the crashing thread's attach state, drivers the answer points into, the full
 * driver list (collapsed) and every note on what was not read. Names from the file go in as
 * text nodes only.
 */
import type { DumpInfo } from '../../dump/types.ts';
import { h } from '../dom.ts';

const TYPES: Record<DumpInfo['dumpType'], string> = {
  triage: 'small memory (triage) dump',
  full: 'complete memory dump',
  kernel: 'kernel memory dump',
  summary: 'kernel memory dump (summary)',
  header: 'header-only dump',
  'bitmap-full': 'complete memory dump (bitmap)',
  'bitmap-kernel': 'kernel memory dump (bitmap)',
  unknown: 'unknown type',
};

function row(label: string, ...value: (Node | string)[]): Node {
  return h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, ...value));
}

export function dumpView(file: string, d: DumpInfo): Node {
  const ptr = (v: bigint) => v.toString(16).padStart(d.pointerSize * 2, '0');
  const code = (v: string) => h('code', {}, v);
  const type =
    d.dumpType === 'unknown' && d.dumpTypeNumber !== undefined
      ? `unknown type ${d.dumpTypeNumber}`
      : TYPES[d.dumpType];
  const rows: Node[] = [
    row('File', file, ` (${d.fileSize.toLocaleString('en')} bytes)`),
    row('Kind', `${d.format}, ${type}`),
    row('Windows build', String(d.build), d.majorVersion === 0xc ? ' (checked build)' : ''),
  ];
  if (d.processors !== undefined) rows.push(row('Processors', String(d.processors)));
  if (d.time !== undefined) rows.push(row('Crashed at', h('time', { datetime: d.time }, d.time)));
  if (d.layout !== undefined)
    rows.push(
      row(
        'Structure layout',
        code(d.layout.id),
        ` ${d.layout.name}${d.layout.exact ? '' : ' (the nearest lower build)'}`,
      ),
    );
  if (d.process !== undefined) rows.push(row('Process', `${d.process.name}, id ${d.process.pid}`));
  const t = d.thread;
  if (t !== undefined) {
    rows.push(
      row('ApcState.Process', code(ptr(t.apcStateProcess))),
      row('ApcStateIndex', String(t.apcStateIndex), t.apcStateIndex === 1 ? ' (attached)' : ''),
      row(
        'SavedApcState.Process',
        code(ptr(t.savedApcStateProcess)),
        t.savedApcStateProcess === 0n ? ' (nothing parked)' : '',
      ),
      row('KernelApcDisable', String(t.kernelApcDisable)),
    );
    if (t.specialApcDisable !== undefined)
      rows.push(row('SpecialApcDisable', String(t.specialApcDisable)));
    if (t.homeProcess !== undefined) rows.push(row('Home process', code(ptr(t.homeProcess))));
  }
  for (const a of d.annotations) {
    rows.push(row(a.what, code(ptr(a.address)), ` is ${a.module}+0x${a.offset.toString(16)}`));
  }
  return h(
    'section',
    { class: 'decoder-dump', 'aria-labelledby': 'decoder-dump-heading' },
    h('h2', { id: 'decoder-dump-heading' }, 'The dump file'),
    h(
      'div',
      { class: 'decoder-table-wrap', tabindex: '0', role: 'region', 'aria-label': 'The dump file' },
      h('table', { class: 'decoder-dump-facts' }, h('tbody', {}, ...rows)),
    ),
    d.notes.length > 0
      ? h('ul', { class: 'decoder-dump-notes' }, ...d.notes.map((n) => h('li', {}, n)))
      : null,
    d.drivers !== undefined && d.drivers.length > 0
      ? h(
          'details',
          {},
          h('summary', {}, `Loaded drivers (${d.drivers.length})`),
          h(
            'div',
            {
              class: 'decoder-table-wrap',
              tabindex: '0',
              role: 'region',
              'aria-label': 'Loaded drivers',
            },
            h(
              'table',
              { class: 'decoder-drivers' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, 'Base'),
                  h('th', { scope: 'col' }, 'Size'),
                  h('th', { scope: 'col' }, 'Name'),
                ),
              ),
              h(
                'tbody',
                {},
                ...d.drivers.map((x) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, code(ptr(x.base))),
                    h('td', {}, code(x.size.toString(16))),
                    h('td', {}, x.name),
                  ),
                ),
              ),
            ),
          ),
        )
      : null,
  );
}
