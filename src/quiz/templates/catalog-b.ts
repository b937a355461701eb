/**
 * The second half of the practice templates: a work-item routine, a system thread, a
 * nested-attach helper and an error path with cleanup. `cleanupBlock` writes the error path
 * these share (undo in reverse order, then return) and, when the fault drops one of its calls,
 * the fix plan that puts it back.
 */
import type { Template } from './catalog.ts';
import { type Built, type FaultId, Source } from './source.ts';

const PROCS = 'PEPROCESS Explorer, Notepad;';

/** The cleanup calls an error path needs, in the order it must make them. */
interface Cleanup {
  readonly detach: string;
  readonly leave?: string;
  readonly deref?: string;
  /** The Leave of the other region kind: the slip a writer makes for `leave`. */
  readonly wrongLeave?: string;
}

/** Which cleanup call a fault drops from the error path. */
function dropped(fault: FaultId | null, c: Cleanup): keyof Cleanup | undefined {
  if (fault === 'missing-detach-on-return') return 'detach';
  if (fault === 'region-left-held' && c.leave !== undefined) return 'leave';
  if (fault === 'missing-dereference' && c.deref !== undefined) return 'deref';
  return undefined;
}

/**
 * An error path: `if (cond) { cleanup...; end }`, with the call a fault drops left out. The fix
 * puts the dropped call back in front of the line that follows it (one line, two calls).
 */
function cleanupBlock(
  s: Source,
  indent: string,
  cond: string,
  c: Cleanup,
  fault: FaultId | null,
  end = 'return;',
): Built['fix'] {
  const drop = dropped(fault, c);
  const calls = (['detach', 'leave', 'deref'] as const).flatMap((k) => {
    const v = c[k];
    return v === undefined ? [] : [[k, v] as const];
  });
  s.add(`${indent}${cond}`);
  let fix: Built['fix'];
  const all = [...calls, ['end', end] as const];
  all.forEach(([k, v], i) => {
    if (k === drop) return;
    const prev = all[i - 1];
    s.add(`${indent}    ${v}`, prev !== undefined && prev[0] === drop ? 'fix' : undefined);
  });
  s.add(`${indent}}`);
  if (drop !== undefined) {
    const missing = c[drop] as string;
    const i = all.findIndex(([k]) => k === drop);
    const next = all[i + 1]?.[1] ?? end;
    fix = {
      kind: 'replace',
      line: s.at('fix'),
      right: `${missing} ${next}`,
      wrong: [
        // After the end the call never runs; elsewhere the swap is legal, so not offered.
        ...(next === end ? [`${next} ${missing}`] : [`${missing} ${end}`]),
        missing,
        ...(drop === 'detach' ? [`KeDetachProcess(); ${next}`] : []),
        ...(drop === 'deref' ? [`ObReferenceObject(Notepad); ${next}`] : []),
        ...(drop === 'leave' && c.wrongLeave !== undefined ? [`${c.wrongLeave} ${next}`] : []),
      ],
    };
  }
  return fix;
}

function regionFix(line: number, right: string, wrongLeave: string): Built['fix'] {
  const enter = right.replace('Leave', 'Enter');
  return { kind: 'replace', line, right, wrong: ['', enter, `${wrongLeave} ${right}`] };
}

const EXITING = 'if (PsGetProcessExitStatus(Notepad) != STATUS_PENDING) {';

const workItem: Template = (level, fault) => {
  const ok: readonly (FaultId | null)[] = [
    null,
    'region-left-held',
    ...(level === 2 ? (['lock-held-across-attach'] as const) : []),
    ...(level === 3 ? (['missing-detach-on-return', 'missing-dereference'] as const) : []),
  ];
  if (!ok.includes(fault)) return undefined;
  const s = new Source().add('#pragma context(work_item)').add(PROCS).add('KAPC_STATE ApcState;');
  s.addIf(level >= 2, 'KSPIN_LOCK TargetLock;', 'KIRQL OldIrql;').add('');
  s.addIf(level >= 2, 'ObReferenceObject(Notepad);');
  const regionFault = fault === 'region-left-held' && level < 3;
  s.add('KeEnterCriticalRegion();');
  let fix: Built['fix'];
  if (level === 2) {
    s.add('KeAcquireSpinLock(&TargetLock, &OldIrql); // take the target the DPC noted', 'acquire');
    if (fault !== 'lock-held-across-attach') s.add('KeReleaseSpinLock(&TargetLock, OldIrql);');
  }
  s.add('KeStackAttachProcess(Notepad, &ApcState);', 'attach').add('SimTouchUserMemory(Notepad);');
  if (level >= 3) {
    fix = cleanupBlock(
      s,
      '',
      EXITING,
      {
        detach: 'KeUnstackDetachProcess(&ApcState);',
        leave: 'KeLeaveCriticalRegion();',
        deref: 'ObDereferenceObject(Notepad);',
        wrongLeave: 'KeLeaveGuardedRegion();',
      },
      fault,
    );
  }
  s.add('KeUnstackDetachProcess(&ApcState);', 'detach');
  if (fault === 'lock-held-across-attach') s.add('KeReleaseSpinLock(&TargetLock, OldIrql);');
  s.add(regionFault ? 'KeLeaveGuardedRegion();' : 'KeLeaveCriticalRegion();', 'leave');
  s.addIf(level >= 2, 'ObDereferenceObject(Notepad);');
  if (regionFault)
    fix = regionFix(s.at('leave'), 'KeLeaveCriticalRegion();', 'KeLeaveGuardedRegion();');
  if (fault === 'lock-held-across-attach') {
    // Lines acquire, attach, touch, detach, release: the right order releases before attaching.
    const a = s.at('acquire');
    fix = {
      kind: 'reorder',
      from: a,
      to: a + 4,
      right: [a, a + 4, a + 1, a + 2, a + 3],
      wrong: [
        [a + 1, a, a + 2, a + 3, a + 4],
        [a, a + 1, a + 2, a + 4, a + 3],
        [a + 1, a + 2, a, a + 3, a + 4],
        [a, a + 1, a + 4, a + 2, a + 3],
      ],
    };
  }
  return {
    template: 'work-item',
    fault,
    context:
      'A work-item routine: the top-level code runs on a system worker thread at PASSIVE_LEVEL (#pragma context(work_item)), and its end returns to the worker, which checks the IRQL and the APC state.',
    text: s.text(),
    ...(fix ? { fix } : {}),
  };
};

const systemThread: Template = (level, fault) => {
  const ok: readonly (FaultId | null)[] = [
    null,
    'region-left-held',
    ...(level >= 2 ? (['missing-dereference'] as const) : []),
    ...(level === 3 ? (['missing-detach-on-return'] as const) : []),
  ];
  if (!ok.includes(fault)) return undefined;
  const s = new Source().add(PROCS).add('KAPC_STATE ApcState;').add('');
  s.addIf(level >= 2, 'ObReferenceObject(Notepad);').add('KeEnterGuardedRegion();');
  s.add('KeStackAttachProcess(Notepad, &ApcState);').add('SimTouchUserMemory(Notepad);');
  let fix: Built['fix'];
  const deref = level >= 2 ? 'ObDereferenceObject(Notepad);' : undefined;
  const term = 'PsTerminateSystemThread(STATUS_SUCCESS);';
  if (level >= 3) {
    const c = {
      detach: 'KeUnstackDetachProcess(&ApcState);',
      leave: 'KeLeaveGuardedRegion();',
      wrongLeave: 'KeLeaveCriticalRegion();',
      ...(deref ? { deref } : {}),
    };
    fix = cleanupBlock(s, '', EXITING, c, fault, term);
  }
  s.add('KeUnstackDetachProcess(&ApcState);');
  const regionFault = fault === 'region-left-held' && level < 3;
  s.add(regionFault ? 'KeLeaveCriticalRegion();' : 'KeLeaveGuardedRegion();', 'leave');
  if (regionFault)
    fix = regionFix(s.at('leave'), 'KeLeaveGuardedRegion();', 'KeLeaveCriticalRegion();');
  const derefFault = fault === 'missing-dereference' && level === 2;
  if (deref && !derefFault) s.add(deref);
  s.add(term, 'end');
  if (derefFault) {
    fix = {
      kind: 'replace',
      line: s.at('end'),
      right: `ObDereferenceObject(Notepad); ${term}`,
      wrong: [
        `${term} ObDereferenceObject(Notepad);`,
        `ObReferenceObject(Notepad); ${term}`,
        `ObDereferenceObject(Explorer); ${term}`,
      ],
    };
  }
  return {
    template: 'system-thread',
    fault,
    context:
      "A system thread's start routine: the top-level code runs on a thread of the System process (the default context), and PsTerminateSystemThread ends the thread.",
    text: s.text(),
    ...(fix ? { fix } : {}),
  };
};

/** Wrong orders for the nested unwind, beside the one the fault shows. */
function nestedOrders(a: number): number[][] {
  return [
    [a, a + 2, a + 1, a + 3],
    [a, a + 1, a + 2, a + 3],
    [a + 1, a, a + 3, a + 2],
    [a, a + 3, a + 1, a + 2],
  ];
}

const nested: Template = (level, fault) => {
  const ok: readonly (FaultId | null)[] = [
    null,
    'wrong-unstack-order',
    'reused-apc-state',
    ...(level === 3 ? (['missing-detach-on-return'] as const) : []),
  ];
  if (!ok.includes(fault)) return undefined;
  const inline = fault === 'wrong-unstack-order';
  const s = new Source()
    .add(PROCS)
    .add(inline ? 'KAPC_STATE ApcState, ShellApcState;' : 'KAPC_STATE ApcState;')
    .add('');
  let fix: Built['fix'];
  const inner = fault === 'reused-apc-state' ? 'ApcState' : 'ShellApcState';
  if (!inline) {
    s.add('VOID ReadShellSettings()').add('{');
    s.addIf(fault !== 'reused-apc-state', '    KAPC_STATE ShellApcState;');
    s.add(`    KeStackAttachProcess(Explorer, &${inner});`).add(
      '    SimTouchUserMemory(Explorer);',
    );
    if (level >= 3) {
      fix = cleanupBlock(
        s,
        '    ',
        'if (PsGetProcessExitStatus(Explorer) != STATUS_PENDING) {',
        { detach: `KeUnstackDetachProcess(&${inner});` },
        fault,
      );
    }
    s.add(`    KeUnstackDetachProcess(&${inner});`).add('}').add('');
  }
  s.addIf(level >= 2, 'ObReferenceObject(Notepad);');
  s.add('KeStackAttachProcess(Notepad, &ApcState);').add('SimTouchUserMemory(Notepad);');
  if (inline) {
    s.add('KeStackAttachProcess(Explorer, &ShellApcState);', 'inner')
      .add('SimTouchUserMemory(Explorer);')
      .add('KeUnstackDetachProcess(&ApcState);')
      .add('KeUnstackDetachProcess(&ShellApcState);');
    const a = s.at('inner');
    fix = {
      kind: 'reorder',
      from: a,
      to: a + 3,
      right: [a, a + 1, a + 3, a + 2],
      wrong: nestedOrders(a),
    };
  } else {
    s.add('ReadShellSettings();')
      .add('SimTouchUserMemory(Notepad);')
      .add('KeUnstackDetachProcess(&ApcState);');
  }
  s.addIf(level >= 2, 'ObDereferenceObject(Notepad);');
  return {
    template: 'nested',
    fault,
    context: inline
      ? 'A system thread (the default context) that reads Notepad, then Explorer while still attached to Notepad: two nested attaches.'
      : 'A system thread (the default context) attached to Notepad calls ReadShellSettings, a helper that attaches to Explorer: a nested attach.',
    text: s.text(),
    ...(fix ? { fix } : {}),
  };
};

/** Error path with cleanup in a dispatch routine: reference, region, attach, each undone. */
const errorPath: Template = (level, fault) => {
  if (level < 3) return undefined;
  const ok: readonly (FaultId | null)[] = [
    null,
    'missing-detach-on-return',
    'region-left-held',
    'missing-dereference',
  ];
  if (!ok.includes(fault)) return undefined;
  const s = new Source()
    .add('#pragma context(system_call, Explorer)')
    .add(PROCS)
    .add('KAPC_STATE ApcState;')
    .add('')
    .add('ObReferenceObject(Notepad);')
    .add('KeEnterCriticalRegion();')
    .add('KeStackAttachProcess(Notepad, &ApcState);');
  const fix = cleanupBlock(
    s,
    '',
    EXITING,
    {
      detach: 'KeUnstackDetachProcess(&ApcState);',
      leave: 'KeLeaveCriticalRegion();',
      deref: 'ObDereferenceObject(Notepad);',
      wrongLeave: 'KeLeaveGuardedRegion();',
    },
    fault,
  );
  s.add('SimTouchUserMemory(Notepad);')
    .add('KeUnstackDetachProcess(&ApcState);')
    .add('KeLeaveCriticalRegion();')
    .add('ObDereferenceObject(Notepad);')
    .add('SimTouchUserMemory(Explorer);');
  return {
    template: 'error-path',
    fault,
    context:
      'A dispatch routine with an error path: the top-level code runs on a thread of Explorer that called into the driver (#pragma context(system_call, Explorer)); every exit must undo what was done, in reverse order.',
    text: s.text(),
    ...(fix ? { fix } : {}),
  };
};

export const TEMPLATES_B: Readonly<Record<string, Template>> = {
  'work-item': workItem,
  'system-thread': systemThread,
  nested,
  'error-path': errorPath,
};
