/**
 * Driver-shaped practice templates (issue 14, item 1): a dispatch routine reading another
 * process's memory, a load-image notify routine, a DPC handing work to a work item, a work-item
 * routine, a system thread, a nested-attach helper and an error path with cleanup. Each takes a
 * level (1: straight-line code; 2: references, locks, notify routines; 3: an `if` with an early
 * return) and a fault to inject, or none, and returns undefined for a fault it cannot carry.
 *
 * The code is what a driver writer would type: every name is declared in the scenario, is a
 * parameter of the routine it appears in, or is a documented WDK name (see identifiers.ts); no
 * Leave comes before its Enter and no detach before its attach unless that is the fault. The
 * fix plans list the edits a driver writer might try; the generator runs each through the
 * simulator, which alone decides which is right.
 */
import type { Level } from '../levels.ts';
import { type Built, type FaultId, Source } from './source.ts';

export type Template = (level: Level, fault: FaultId | null) => Built | undefined;

const PROCS = 'PEPROCESS Explorer, Notepad;';
/** The realistic "the target is going away" test a reader does after attaching. */
const EXITING = 'if (PsGetProcessExitStatus(Notepad) != STATUS_PENDING) {';

/** The fix for a Leave that does not match its Enter, and what else a writer might try. */
function regionFix(line: number): Built['fix'] {
  return {
    kind: 'replace',
    line,
    right: 'KeLeaveCriticalRegion();',
    wrong: ['', 'KeEnterCriticalRegion();', 'KeLeaveGuardedRegion(); KeLeaveCriticalRegion();'],
  };
}

/** Fix for an early return that skipped some cleanup: `missing` is the call it skipped. */
function returnFix(line: number, missing: string): Built['fix'] {
  return {
    kind: 'replace',
    line,
    right: `${missing} return;`,
    // Forgetting the return, the legacy detach, and the call put where it never runs.
    wrong: [missing, 'KeDetachProcess(); return;', `return; ${missing}`],
  };
}

const dispatch: Template = (level, fault) => {
  if (!(fault === null || fault === 'region-left-held' || fault === 'missing-detach-on-return'))
    return undefined;
  if (fault === 'missing-detach-on-return' && level < 3) return undefined;
  const s = new Source()
    .add('#pragma context(system_call, Explorer)')
    .add(PROCS)
    .add('KAPC_STATE ApcState;')
    .add('')
    .add('KeEnterCriticalRegion();')
    .add('KeStackAttachProcess(Notepad, &ApcState);', 'attach')
    .add('SimTouchUserMemory(Notepad);');
  if (level >= 3) {
    s.add(EXITING)
      .add(
        fault === 'missing-detach-on-return'
          ? '    KeLeaveCriticalRegion(); return;'
          : '    KeUnstackDetachProcess(&ApcState); KeLeaveCriticalRegion(); return;',
        'return',
      )
      .add('}');
  }
  s.add('KeUnstackDetachProcess(&ApcState);').add(
    fault === 'region-left-held' ? 'KeLeaveGuardedRegion();' : 'KeLeaveCriticalRegion();',
    'leave',
  );
  s.addIf(level >= 2, 'SimTouchUserMemory(Explorer);');
  let fix: Built['fix'];
  if (fault === 'region-left-held') fix = regionFix(s.at('leave'));
  else if (fault === 'missing-detach-on-return') {
    fix = {
      kind: 'replace',
      line: s.at('return'),
      right: 'KeUnstackDetachProcess(&ApcState); KeLeaveCriticalRegion(); return;',
      wrong: [
        'KeLeaveCriticalRegion(); KeUnstackDetachProcess(&ApcState);',
        'KeLeaveCriticalRegion(); KeDetachProcess(); return;',
        'KeUnstackDetachProcess(&ApcState); return;',
      ],
    };
  }
  return {
    template: 'dispatch',
    fault,
    context:
      'A dispatch routine: the top-level code runs on a thread of Explorer that called into the driver (#pragma context(system_call, Explorer)), and its end returns to Explorer in user mode.',
    text: s.text(),
    ...(fix ? { fix } : {}),
  };
};

const notify: Template = (level, fault) => {
  if (level < 2) return undefined;
  if (!(fault === null || fault === 'region-left-held' || fault === 'missing-detach-on-return'))
    return undefined;
  if (fault === 'missing-detach-on-return' && level < 3) return undefined;
  const s = new Source()
    .add(PROCS)
    .add('')
    .add(
      'VOID LoadImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)',
    )
    .add('{')
    .add('    KAPC_STATE ApcState;')
    .addIf(
      level >= 3 && fault !== 'missing-detach-on-return',
      '    if (ImageInfo->SystemModeImage) {',
      '        return;',
      '    }',
    )
    .addIf(fault === 'region-left-held', '    KeEnterCriticalRegion();')
    .add('    KeStackAttachProcess(Explorer, &ApcState);')
    .add('    SimTouchUserMemory(Explorer);');
  if (fault === 'missing-detach-on-return') {
    s.add('    if (ImageInfo->SystemModeImage) {').add('        return;', 'return').add('    }');
  }
  s.add('    KeUnstackDetachProcess(&ApcState);').addIf(
    fault === 'region-left-held',
    '    KeLeaveGuardedRegion();',
  );
  if (fault === 'region-left-held') s.add('    SimTouchUserMemory(Notepad);', 'leave-after');
  s.add('}')
    .add('')
    .add('PsSetLoadImageNotifyRoutine(LoadImageNotify);')
    .add('SimLoadImage(Notepad);')
    .add('PsRemoveLoadImageNotifyRoutine(LoadImageNotify);');
  let fix: Built['fix'];
  if (fault === 'region-left-held') fix = regionFix(s.at('leave-after') - 1);
  else if (fault === 'missing-detach-on-return')
    fix = returnFix(s.at('return'), 'KeUnstackDetachProcess(&ApcState);');
  return {
    template: 'notify',
    fault,
    context:
      'LoadImageNotify is a load-image notify routine: SimLoadImage(Notepad) runs it on a thread of Notepad at PASSIVE_LEVEL inside a critical and a guarded region; the top-level code is a system thread of the driver.',
    text: s.text(),
    ...(fix ? { fix } : {}),
  };
};

const dpc: Template = (level, fault) => {
  if (!(fault === null || fault === 'attach-in-dpc' || fault === 'missing-detach-on-return'))
    return undefined;
  if (fault === 'missing-detach-on-return' && level < 3) return undefined;
  const s = new Source()
    .add(PROCS)
    .add('KAPC_STATE ApcState;')
    .addIf(level >= 2, 'KSPIN_LOCK TargetLock;');
  s.add('')
    .add('VOID ReadWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)')
    .add('{')
    .addIf(
      level >= 3 && fault !== 'missing-detach-on-return',
      `    ${EXITING}`,
      '        return;',
      '    }',
    )
    .add('    KeStackAttachProcess(Notepad, &ApcState);')
    .add('    SimTouchUserMemory(Notepad);');
  if (fault === 'missing-detach-on-return') {
    s.add(`    ${EXITING}`).add('        return;', 'return').add('    }');
  }
  s.add('    KeUnstackDetachProcess(&ApcState);')
    .add('}')
    .add('')
    .add(
      'VOID TimerDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)',
    )
    .add('{');
  if (level >= 2) {
    s.add('    KIRQL OldIrql;')
      .add('    KeAcquireSpinLock(&TargetLock, &OldIrql); // note the target for the worker')
      .add('    KeReleaseSpinLock(&TargetLock, OldIrql);');
  }
  s.add(
    fault === 'attach-in-dpc'
      ? '    ReadWorker(NULL, DeferredContext);'
      : '    IoQueueWorkItem((PIO_WORKITEM)DeferredContext, ReadWorker, DelayedWorkQueue, NULL);',
    'queue',
  )
    .add('}')
    .add('')
    .add('SimDpc(TimerDpc);')
    .add('SimRunWorkItems();');
  let fix: Built['fix'];
  if (fault === 'attach-in-dpc') {
    fix = {
      kind: 'replace',
      line: s.at('queue'),
      right: 'IoQueueWorkItem((PIO_WORKITEM)DeferredContext, ReadWorker, DelayedWorkQueue, NULL);',
      wrong: [
        'SimTouchUserMemory(Notepad);',
        'KeEnterCriticalRegion(); ReadWorker(NULL, DeferredContext); KeLeaveCriticalRegion();',
        'KeAttachProcess(Notepad); SimTouchUserMemory(Notepad); KeDetachProcess();',
      ],
    };
  } else if (fault === 'missing-detach-on-return') {
    fix = returnFix(s.at('return'), 'KeUnstackDetachProcess(&ApcState);');
  }
  return {
    template: 'dpc',
    fault,
    context:
      "TimerDpc is a DPC routine: SimDpc runs it at DISPATCH_LEVEL on whatever thread is current (here the driver's system thread); ReadWorker is meant to run as a work item, which SimRunWorkItems() runs on a system worker thread at PASSIVE_LEVEL.",
    text: s.text(),
    ...(fix ? { fix } : {}),
  };
};

export const TEMPLATES_A: Readonly<Record<string, Template>> = { dispatch, notify, dpc };
