/**
 * The undeclared-identifier scan generated practice is held to: it flags what issue 14 found
 * (`if (Flags & 1)` with no `Flags`), and accepts declarations, parameters, fields and WDK names.
 */
import { describe, expect, it } from 'vitest';
import { undeclaredIdentifiers } from '../../src/quiz/identifiers.ts';

describe('undeclaredIdentifiers', () => {
  it('flags a name nothing declares, with its line', () => {
    const text =
      'PEPROCESS Explorer;\nKAPC_STATE S;\nif (Flags & 1) {\n    KeStackAttachProcess(Explorer, &S);\n}';
    expect(undeclaredIdentifiers(text)).toEqual([{ name: 'Flags', line: 3 }]);
  });

  it('accepts declared variables, functions, their parameters, fields and WDK names', () => {
    const text = [
      'PEPROCESS Explorer, Notepad;',
      'VOID Notify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)',
      '{',
      '    KAPC_STATE ApcState; // a comment naming Undeclared things',
      '    if (ImageInfo->SystemModeImage) {',
      '        return;',
      '    }',
      '}',
      'PsSetLoadImageNotifyRoutine(Notify);',
      'if (PsGetProcessExitStatus(Notepad) != STATUS_PENDING) { return; }',
    ].join('\n');
    expect(undeclaredIdentifiers(text)).toEqual([]);
  });

  it('does not count a name used only as a call argument as declared', () => {
    expect(undeclaredIdentifiers('ReadTarget(ProcessId);').map((u) => u.name)).toEqual([
      'ReadTarget',
      'ProcessId',
    ]);
  });
});
