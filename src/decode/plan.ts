/**
 * Turns an answer into a plan of action: the cause in one sentence, the WinDbg commands to
 * run next with the reader's own values filled in, the fix, and where to read more (this
 * site's page and Microsoft's). Fixes are written here in the project's own words; the
 * commands are standard debugger extensions (`!process`, `!thread`, `dt`, `!apc`, `lm`, `ln`,
 * `.trap`, `kb`). Pure: runs in the CLI and in the browser.
 */
import { looksLikeKernelAddress } from './interpret.ts';
import { apiLearnUrl, documentedBugcheck } from './reference-tables.ts';

export type PlanCommand = { command: string; why: string };
export type PlanLink = { text: string; href: string };
export type Plan = {
  /** One sentence. */
  cause: string;
  commands: PlanCommand[];
  fix: string;
  /** This site's pages first, then Microsoft Learn. */
  links: PlanLink[];
};

type Fix = { fix: string; apis: string[] };

/** The fix for each raise site the simulator knows; an unknown id gets the page's advice. */
const FIXES: Readonly<Record<string, Fix>> = {
  'attach-while-attached': {
    fix: 'Replace KeAttachProcess with KeStackAttachProcess and a KAPC_STATE on the stack, paired with KeUnstackDetachProcess on every path; or detach before attaching again.',
    apis: ['KeStackAttachProcess', 'KeUnstackDetachProcess', 'KeAttachProcess'],
  },
  'attach-in-dpc': {
    fix: 'Do not attach from a DPC: queue a work item (IoQueueWorkItem) and attach from the worker thread, at PASSIVE_LEVEL.',
    apis: ['IoQueueWorkItem', 'KeStackAttachProcess'],
  },
  'stack-attach-in-dpc': {
    fix: 'Do not attach from a DPC: queue a work item (IoQueueWorkItem) and call KeStackAttachProcess from the worker thread, at PASSIVE_LEVEL.',
    apis: ['IoQueueWorkItem', 'KeStackAttachProcess'],
  },
  'thread-exit-attached': {
    fix: 'Detach (KeUnstackDetachProcess) on every path before the system thread returns or calls PsTerminateSystemThread, error paths included.',
    apis: ['KeUnstackDetachProcess', 'PsTerminateSystemThread'],
  },
  'apc-changed-address-space': {
    fix: 'Make the APC routine leave the address space as it found it: every attach inside it is undone before it returns.',
    apis: ['KeStackAttachProcess', 'KeUnstackDetachProcess'],
  },
  'detach-not-attached': {
    fix: 'Call KeUnstackDetachProcess once per successful KeStackAttachProcess, with the same KAPC_STATE; check for a double detach on an error path.',
    apis: ['KeUnstackDetachProcess', 'KeStackAttachProcess'],
  },
  'detach-apc-pending': {
    fix: 'Do not leave APCs disabled across the detach (a critical or guarded region, or a load-image notify routine, holds back the APC queued while attached): leave the region before detaching, or do the attached work from a worker thread.',
    apis: [
      'KeUnstackDetachProcess',
      'KeLeaveCriticalRegion',
      'KeLeaveGuardedRegion',
      'PsSetLoadImageNotifyRoutine',
    ],
  },
  'detach-apc-in-progress': {
    fix: 'Do not detach from inside an APC routine an environment attached outside it; detach in the code that attached.',
    apis: ['KeUnstackDetachProcess'],
  },
  'exit-in-critical-region': {
    fix: 'Pair every KeEnterCriticalRegion with KeLeaveCriticalRegion and every KeEnterGuardedRegion with KeLeaveGuardedRegion before the thread ends, error paths included.',
    apis: ['KeLeaveCriticalRegion', 'KeLeaveGuardedRegion'],
  },
  'return-to-user-irql': {
    fix: 'Lower the IRQL back (KeLowerIrql with the saved value) on every path of the dispatch routine before it returns.',
    apis: ['KeRaiseIrql'],
  },
  'return-to-user-attached': {
    fix: 'Detach on every path of the dispatch routine before it returns to the caller.',
    apis: ['KeUnstackDetachProcess', 'KeStackAttachProcess'],
  },
  // The four below are raise sites the second edition of the simulator adds (0x20's late test,
  // the work-item checks of 0x1 and 0xE1); their fixes are here so the plan is ready for them.
  'exit-apc-still-queued': {
    fix: 'Stop queuing kernel APCs to the thread before it ends, and leave every critical or guarded region before it exits.',
    apis: ['PsTerminateSystemThread', 'KeLeaveCriticalRegion', 'KeLeaveGuardedRegion'],
  },
  'work-item-attached': {
    fix: 'Detach (KeUnstackDetachProcess) on every path before the work-item routine returns to the worker thread.',
    apis: ['KeUnstackDetachProcess', 'IoQueueWorkItem'],
  },
  'work-item-apcs-disabled': {
    fix: 'Leave every critical and guarded region the work-item routine entered before it returns to the worker thread.',
    apis: ['KeLeaveCriticalRegion', 'KeLeaveGuardedRegion', 'IoQueueWorkItem'],
  },
  'work-item-raised-irql': {
    fix: 'Lower the IRQL back to PASSIVE_LEVEL (KeLowerIrql with the saved value) before the work-item routine returns.',
    apis: ['KeRaiseIrql', 'IoQueueWorkItem'],
  },
  'return-to-user-apcs-disabled': {
    fix: 'Leave every critical and guarded region the dispatch routine entered before it returns.',
    apis: ['KeLeaveCriticalRegion', 'KeLeaveGuardedRegion'],
  },
};

const hex = (v: bigint) => v.toString(16).padStart(v > 0xffffffffn ? 16 : 8, '0');

export type PlanInput = {
  code: number;
  /** Absent for a stop-code name without parameters. */
  parameters?: readonly [bigint, bigint, bigint, bigint];
  /** The cause to plan for (the most likely), or none when no raise site fits. */
  cause?: { id: string; summary: string; title: string; url: string };
  /** This site's page for the bug check, when it has one. */
  pageUrl?: string;
  /** No raise site produces the values. */
  noRaiseSite?: boolean;
  /** Addresses the dump resolved into a driver (`what` → address). */
  addresses?: readonly { what: string; address: bigint; module: string }[];
  /** The thread's address when known (P4 at thread exit); else the current thread. */
  whatFailed?: string;
};

function threadCommands(thread: string): PlanCommand[] {
  return [
    { command: `!thread ${thread}`, why: 'the thread: its state, its process and its stack' },
    {
      command: `dt nt!_KTHREAD ${thread} ApcState ApcStateIndex SavedApcState`,
      why: 'where the thread is attached (ApcState.Process), whether it is (ApcStateIndex) and the parked environment (SavedApcState)',
    },
  ];
}

/** `ln` and `lm a` for an address: the nearest symbol, and the module that holds it. */
function whereIs(address: bigint, symbolWhy: string, moduleWhy: string): PlanCommand[] {
  return [
    { command: `ln ${hex(address)}`, why: symbolWhy },
    { command: `lm a ${hex(address)}`, why: moduleWhy },
  ];
}

function commandsFor(input: PlanInput): PlanCommand[] {
  const out: PlanCommand[] = [];
  const p = input.parameters;
  if (p === undefined) {
    out.push(
      {
        command: '!analyze -v',
        why: 'open the dump (C:\\Windows\\Minidump\\*.dmp or MEMORY.DMP) and read the four parameters the stop screen did not show',
      },
      {
        command: '.bugcheck',
        why: 'the code and its four parameters alone; paste them here for the full answer',
      },
    );
    if (input.whatFailed !== undefined) {
      const module = input.whatFailed.replace(/\.[^.]*$/, '');
      out.push({
        command: `lm vm ${module}`,
        why: `the module the stop screen blamed (${input.whatFailed}): its version and time stamp`,
      });
    }
    return out;
  }
  const [p1, p2, , p4] = p;
  switch (input.code) {
    case 0x5: {
      const exit = looksLikeKernelAddress(p4);
      out.push({
        command: `!process ${hex(p1)} 7`,
        why: exit
          ? "the thread's home process, with its threads and their stacks"
          : 'the process the thread tried to attach to, with its threads and their stacks',
      });
      out.push({
        command: `!process ${hex(p2)} 0`,
        why: 'the process whose address space the thread was in',
      });
      out.push(...threadCommands(exit ? hex(p4) : '@$thread'));
      out.push({
        command: 'kb',
        why: 'the call stack: the driver frame below the attach or the exit',
      });
      if (input.cause?.id === 'apc-changed-address-space')
        out.push({ command: '!apc', why: 'the APCs queued to the thread' });
      break;
    }
    case 0x6:
      out.push(...threadCommands('@$thread'));
      out.push(
        { command: '!apc', why: 'kernel APCs still queued to the attached environment' },
        { command: 'kb', why: 'the call stack: who called KeUnstackDetachProcess' },
      );
      break;
    case 0x1:
    case 0x4a: {
      out.push(
        ...whereIs(
          p1,
          'the nearest symbol to parameter 1 (the service or return address)',
          'the module that holds parameter 1',
        ),
      );
      if (looksLikeKernelAddress(p4))
        out.push({
          command: `.trap ${hex(p4)}`,
          why: 'the trap frame of the system call (parameter 4 on x64)',
        });
      out.push(...threadCommands('@$thread'));
      if (input.code === 0x4a) out.push({ command: '!irql', why: 'the IRQL the processor was at' });
      else
        out.push({
          command: 'dt nt!_KTHREAD @$thread KernelApcDisable SpecialApcDisable',
          why: 'the critical and guarded region counts',
        });
      break;
    }
    case 0xe1:
      out.push(
        ...whereIs(
          p1,
          'the worker routine that returned (parameter 1)',
          'the module that holds the worker routine',
        ),
        { command: '!irql', why: 'the IRQL the routine returned at' },
        { command: 'kb', why: 'the call stack of the worker thread' },
      );
      break;
    case 0x20:
      out.push(
        {
          command: 'dt nt!_KTHREAD @$thread KernelApcDisable SpecialApcDisable',
          why: 'the critical and guarded region counts the thread ended with',
        },
        { command: '!apc', why: 'kernel APCs still queued to the thread' },
        { command: 'kb', why: 'the call stack of the exiting thread' },
      );
      if (p1 !== 0n)
        out.push({
          command: `dq ${hex(p1)} L2`,
          why: 'parameter 1: the list entry of the first queued APC',
        });
      break;
    default:
      out.push(
        { command: '!analyze -v', why: "the debugger's own analysis of this bug check" },
        { command: 'kb', why: 'the call stack at the crash' },
      );
      for (const [i, v] of p.entries())
        if (looksLikeKernelAddress(v))
          out.push({ command: `ln ${hex(v)}`, why: `the nearest symbol to parameter ${i + 1}` });
  }
  for (const a of input.addresses ?? []) {
    out.push(
      ...whereIs(
        a.address,
        `${a.what} is inside ${a.module}: the function there`,
        `${a.module}: its version and time stamp`,
      ),
    );
  }
  // The same command can be asked for twice (an annotated parameter 1 of 0x1); keep the first.
  const seen = new Set<string>();
  return out.filter((c) => {
    if (seen.has(c.command)) return false;
    seen.add(c.command);
    return true;
  });
}

export function buildPlan(input: PlanInput): Plan {
  const documented = documentedBugcheck(input.code);
  const links: PlanLink[] = [];
  if (input.cause !== undefined) links.push({ text: input.cause.title, href: input.cause.url });
  else if (input.pageUrl !== undefined)
    links.push({
      text: `Bug check 0x${input.code.toString(16).toUpperCase()} on this site`,
      href: input.pageUrl,
    });
  if (documented !== undefined)
    links.push({ text: `${documented.name} on Microsoft Learn`, href: documented.learn });
  const fix = input.cause === undefined ? undefined : FIXES[input.cause.id];
  for (const api of fix?.apis ?? []) {
    const href = apiLearnUrl(api);
    if (href !== undefined) links.push({ text: `${api} on Microsoft Learn`, href });
  }
  let cause: string;
  let fixText: string;
  if (input.noRaiseSite) {
    cause =
      'No raise site gives these values: check for a typo; otherwise suspect memory corruption.';
    fixText =
      "Compare the values with the debugger's own output (.bugcheck). If they are exact, treat the crash as memory corruption: enable Driver Verifier on the suspect drivers and reproduce.";
  } else if (input.cause !== undefined) {
    cause = input.cause.summary;
    fixText = fix?.fix ?? "See the cause on this site's page for how to avoid it.";
  } else if (input.parameters === undefined && input.pageUrl !== undefined) {
    cause =
      'Without the four parameters the cause cannot be told apart: each cause of this bug check fills them differently.';
    fixText = 'Read the parameters from the dump (commands below) and decode them here.';
  } else {
    cause =
      documented !== undefined
        ? `Bug check ${documented.name} is outside what this site explains.`
        : "This code is not in Microsoft's bug check reference.";
    fixText =
      documented !== undefined
        ? 'Follow the Microsoft Learn page for this code.'
        : 'Check the code for a typo.';
  }
  return { cause, commands: commandsFor(input), fix: fixText, links };
}
