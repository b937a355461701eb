/**
 * Wording of the hazard warnings (spec section 5). Each says what happened and what to do,
 * in the terms a driver writer uses. The rule ids live in ops.ts (`HazardRule`).
 */
import type { KapcBuffer, NestLevel } from './state.ts';

function levelText(level: NestLevel): string {
  switch (level.kind) {
    case 'legacy':
      return `the KeAttachProcess to ${level.process} on line ${level.line}`;
    case 'marker':
      return `the KeStackAttachProcess on line ${level.line} (${level.process} was already current)`;
    default:
      return `the KeStackAttachProcess to ${level.process} on line ${level.line}`;
  }
}

export const hazardMessage = {
  stackAttachIrql: (irql: string) =>
    `KeStackAttachProcess was called at ${irql}; it must be called below DISPATCH_LEVEL. Attach before raising the IRQL (or from a work item at PASSIVE_LEVEL), not from DPC-level code.`,
  unstackIrql: (irql: string) =>
    `KeUnstackDetachProcess was called at ${irql}; it must be called below DISPATCH_LEVEL. Lower the IRQL back before you detach.`,
  guardedIrql: (irql: string) =>
    `KeEnterGuardedRegion was called at ${irql}; it may only be called at IRQL <= APC_LEVEL. Enter the guarded region before raising the IRQL.`,
  wrongMemory: (target: string, space: string) =>
    `This code reads user memory of ${target}, but the thread runs in the address space of ${space}: it sees ${space}'s memory at that address (wrong data or an access violation). Attach to ${target} with KeStackAttachProcess first, or capture the data while still in ${target}'s context.`,
  outOfOrder: (name: string, top: NestLevel) =>
    `KeUnstackDetachProcess(&${name}) is not the innermost attach: ${levelText(top)} is still live. Detach in the reverse order of the attaches; the environment parked by the outer level is now stranded and a later unstack will likely bug check 0x6.`,
  notLive: (name: string) =>
    `KeUnstackDetachProcess(&${name}) is not paired with a live KeStackAttachProcess using ${name} (it was never used, or already detached). Call it exactly once per attach, with the same buffer; otherwise the kernel restores whatever the buffer holds.`,
  reused: (name: string, line: number) =>
    `${name} still holds the attach made on line ${line}, and this KeStackAttachProcess overwrites it. Use a separate KAPC_STATE for each nesting level, or detach first.`,
  outOfScope: (b: KapcBuffer, level: NestLevel) =>
    `${b.name} is a local variable of ${b.owner ?? 'this function'} and goes out of scope here while ${levelText(level)} is still live${level.kind === 'nested' ? ' and parked an environment in it' : ''}. Call KeUnstackDetachProcess(&${b.name}) before the function returns; the stack memory will be reused and the matching detach can no longer be done correctly.`,
  uninitialized: (name: string) =>
    `${name} is a local KAPC_STATE that no KeStackAttachProcess has written yet, so its contents are stack garbage (the model takes its Process field as NULL). Only pass a buffer to KeUnstackDetachProcess after the KeStackAttachProcess that filled it.`,
  abandonsStack: (levels: readonly NestLevel[], buffers: Readonly<Record<string, KapcBuffer>>) => {
    const names = levels.map((l) =>
      l.buffer === null ? '?' : (buffers[l.buffer]?.name ?? l.buffer),
    );
    return `KeDetachProcess was called while the thread is stack-attached (${levels.length} level${levels.length === 1 ? '' : 's'} using ${names.join(', ')}); it returns straight to the home process and abandons what those buffers hold. Pair every KeStackAttachProcess with KeUnstackDetachProcess and never mix in KeDetachProcess.`;
  },
  discards: (kernel: number, user: number) => {
    const parts: string[] = [];
    if (kernel > 0) parts.push(`${kernel} kernel APC${kernel === 1 ? '' : 's'}`);
    if (user > 0) parts.push(`${user} user APC${user === 1 ? '' : 's'}`);
    return `KeDetachProcess was called with ${parts.join(' and ')} still queued to the attached environment; a release build silently discards them (a debug build bug checks 0x6). Let queued APCs run before detaching (leave critical/guarded regions and lower the IRQL first), or use KeStackAttachProcess/KeUnstackDetachProcess.`;
  },
  complexWork: (what: string, process: string) =>
    `${what} is called while the thread is attached to ${process}. Sending IRPs or waiting while attached risks deadlock (and their completion APCs are tied to this attached environment). Do only short, simple work while attached: copy what you need, detach, then do the I/O or the wait.`,
  notRemoved: (fn: string, when: 'SimUnloadDriver' | 'EndOfScenario') =>
    when === 'SimUnloadDriver'
      ? `The driver unloads while ${fn} is still registered as a load-image notify routine; the next image load would call into unloaded code. Call PsRemoveLoadImageNotifyRoutine(${fn}) in the unload routine.`
      : `${fn} is still registered as a load-image notify routine when the driver ends; the next image load would call into unloaded code. Call PsRemoveLoadImageNotifyRoutine(${fn}) before the driver unloads.`,
  exitIrql: (irql: string) =>
    `The thread exits at ${irql}. The kernel lowers the IRQL only after its first exit test, and the exit path is pageable code: a page fault there at DISPATCH_LEVEL crashes the machine (bug check 0xA). Release every spin lock and lower the IRQL before the thread ends.`,
  processNotSet: (variable: string, what: string) =>
    `${what} uses ${variable}, but no successful PsLookupProcessByProcessId stored a process into it on this path (the lookup failed, or never ran). Check the NTSTATUS with NT_SUCCESS and use the PEPROCESS only on success; the model skips this call.`,
  useAfterDereference: (process: string, what: string) =>
    `${what} uses ${process} after the driver released its last reference (ObDereferenceObject): the process object may already be freed. Release the reference only after the last use, detach included.`,
  extraDereference: (process: string, lookedUp: boolean) =>
    lookedUp
      ? `ObDereferenceObject(${process}) releases a reference the driver no longer holds: the one PsLookupProcessByProcessId gave was already released. Release each reference exactly once.`
      : `ObDereferenceObject(${process}) releases a reference the driver never took: it drops a reference that belongs to someone else, and the process object can be freed while still in use. Dereference only what PsLookupProcessByProcessId or ObReferenceObject gave you.`,
  referenceLeaked: (process: string, held: number) =>
    `The driver ends still holding ${held} reference${held === 1 ? '' : 's'} to ${process}, taken here: the process object can never be freed. Call ObDereferenceObject once for each reference after its last use.`,
  lockHeldTwice: (lock: string) =>
    `This ${lock} is already held by this thread; acquiring it again deadlocks a real machine. The model goes on as if it had been free.`,
  lockNotHeld: (lock: string) =>
    `This ${lock} is not held on this path: releasing it is a bug in the driver; the model changes nothing for a mutex and restores the given IRQL for a spin lock.`,
};
