/**
 * Sample inputs for the example buttons: one per input form and per kind of crash, written the
 * way the debugger prints them (values are made up but shaped like real ones).
 */
export type DecoderExample = { label: string; text: string };

export const EXAMPLES: readonly DecoderExample[] = [
  {
    label: '0x5: attach while attached',
    text: 'BugCheck 5, {ffffd0861e2c7080, ffffd0861e2d4040, 1, 0}',
  },
  {
    label: '0x5: thread exit (!analyze -v)',
    text: [
      'INVALID_PROCESS_ATTACH_ATTEMPT (5)',
      'Arguments:',
      'Arg1: ffffd08619e6b040',
      'Arg2: ffffd0861e2d4040',
      'Arg3: 0000000000000001',
      'Arg4: ffffd0861e3a1080',
    ].join('\n'),
  },
  {
    label: '0x6: STOP line',
    text: '*** STOP: 0x00000006 (0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)',
  },
  {
    label: '0x1: dump header',
    text: 'Bugcheck code 00000001\nArguments fffff805`2a4f1e30 00000000`00000001 00000000`00000000 00000000`00000000',
  },
  { label: '0x20: guarded region', text: 'BugCheck 20, {0, ffff0000, 0, 1}' },
  { label: '0x4A: typed in', text: '4A fffff8052a4f1e30 2 0 0' },
  {
    label: 'Blue screen: stop code only',
    text: 'Stop code: INVALID_PROCESS_DETACH_ATTEMPT\nWhat failed: mydrv.sys',
  },
  {
    label: 'A typo',
    text: 'BugCheck 5, {ffffd0861e2c7080, ffffd0861e2d404g, 1, 0}',
  },
];
